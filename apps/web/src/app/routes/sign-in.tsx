import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LoginRequest } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { useMe } from '../../features/auth/api/get-me';
import { useSignIn } from '../../features/auth/api/sign-in';
import {
  PASSWORD_FORM_ID,
  SignInChoices,
  useSignInChoices,
} from '../../features/auth/components/sso-sign-in';
import { setLanguage } from '../../lib/i18n';
import { zodRule } from '../../lib/zod-rule';
import { homeFor } from '../guards';
import { StandalonePage } from '../../components/product-bar';

export function SignInRoute() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const signIn = useSignIn();
  const choices = useSignInChoices();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;

  if (me.data) return <Navigate to={from ?? homeFor(me.data.operator)} replace />;

  const submit = async (values: LoginRequest) => {
    try {
      const signedIn = await signIn.mutateAsync(values);
      if (signedIn) navigate(from ?? homeFor(signedIn.operator), { replace: true });
    } catch {
      // Shown below.
    }
  };

  return (
    // The product header the console's pages carry too, above the card.
    <StandalonePage>
      <Card style={{ width: 400, maxWidth: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {t('signIn.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('signIn.subtitle')}</Typography.Paragraph>
        <SignInChoices choices={choices} returnTo={from} />
        <Form<LoginRequest>
          id={PASSWORD_FORM_ID}
          // Mounted again when it appears, so the username field takes the focus then.
          key={choices.showPasswordForm ? 'shown' : 'hidden'}
          hidden={!choices.showPasswordForm}
          layout="vertical"
          onFinish={submit}
        >
          <Form.Item
            name="username"
            label={t('signIn.username')}
            rules={[zodRule(LoginRequest.shape.username, t('validation.usernameRequired'), true)]}
          >
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('signIn.password')}
            rules={[zodRule(LoginRequest.shape.password, t('validation.passwordRequired'), true)]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <ApiErrorAlert error={signIn.error} />
          <Button
            // One primary action a page: with SSO offered, that is the SSO button above.
            type={choices.methods.data?.sso ? 'default' : 'primary'}
            htmlType="submit"
            block
            loading={signIn.isPending}
            style={{ marginTop: 16 }}
          >
            {t('signIn.submit')}
          </Button>
        </Form>
        <div style={{ marginTop: 24, display: 'flex', justifyContent: 'flex-end' }}>
          <Space role="group" aria-label={t('shell.language')} size={4}>
            {(['en', 'zh-CN'] as const).map((lng) => (
              <Button
                key={lng}
                size="small"
                type={i18n.language === lng ? 'default' : 'text'}
                aria-pressed={i18n.language === lng}
                lang={lng}
                onClick={() => setLanguage(lng)}
              >
                {t(`shell.languages.${lng}`)}
              </Button>
            ))}
          </Space>
        </div>
      </Card>
    </StandalonePage>
  );
}
