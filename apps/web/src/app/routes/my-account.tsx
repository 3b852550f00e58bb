import App from 'antd/es/app';
import Descriptions from 'antd/es/descriptions';
import Divider from 'antd/es/divider';
import Typography from 'antd/es/typography';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../page-header';
import { paths } from '../../config/paths';
import { ChangePasswordForm } from '../../features/auth/components/change-password-form';
import { SessionsList } from '../../features/auth/components/sessions-list';
import { useSession } from '../session';

/** The signed-in operator's own account: who they are, their password, their sessions. */
export function MyAccountRoute() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { operator } = useSession();

  return (
    <>
      <PageHeader title={t('myAccount.title')} />
      <Descriptions
        column={1}
        size="small"
        style={{ maxWidth: 560 }}
        items={[
          { key: 'username', label: t('myAccount.username'), children: operator.username },
          { key: 'role', label: t('myAccount.role'), children: t(`operators.${operator.role}`) },
          {
            key: 'phone',
            label: t('myAccount.phone'),
            children: (
              <span>
                {operator.maskedPhone}{' '}
                <Typography.Text type="secondary">{t('myAccount.phoneHelp')}</Typography.Text>
              </span>
            ),
          },
        ]}
      />
      <Divider />
      <section aria-labelledby="my-account-password">
        <Typography.Title level={2} id="my-account-password" style={{ fontSize: 18 }}>
          {t('myAccount.password')}
        </Typography.Title>
        {operator.source === 'local' ? (
          <>
            <Typography.Paragraph type="secondary">
              {t('myAccount.passwordIntro')}
            </Typography.Paragraph>
            <ChangePasswordForm onChanged={() => void message.success(t('password.changed'))} />
          </>
        ) : (
          <Typography.Paragraph type="secondary">{t('myAccount.passwordSso')}</Typography.Paragraph>
        )}
      </section>
      <Divider />
      <section aria-labelledby="my-account-sessions">
        <Typography.Title level={2} id="my-account-sessions" style={{ fontSize: 18 }}>
          {t('myAccount.sessions')}
        </Typography.Title>
        <SessionsList onSignedOut={() => navigate(paths.signIn, { replace: true })} />
      </section>
    </>
  );
}
