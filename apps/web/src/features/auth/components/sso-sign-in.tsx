import { useState } from 'react';
import Button from 'antd/es/button';
import Divider from 'antd/es/divider';
import Skeleton from 'antd/es/skeleton';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { OIDC_LOGIN_PATH } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { useSignInMethods } from '../api/get-sign-in-methods';

/** The id of the password form, which the break-glass disclosure controls. */
export const PASSWORD_FORM_ID = 'password-sign-in';

/** The URL that starts SSO sign-in, landing on `returnTo` (a console path) afterwards. */
export function ssoLoginHref(returnTo?: string, opts: { promptLogin?: boolean } = {}): string {
  const query = new URLSearchParams({
    ...(returnTo && returnTo !== '/' ? { returnTo } : {}),
    ...(opts.promptLogin ? { prompt: 'login' } : {}),
  }).toString();
  return query ? `${OIDC_LOGIN_PATH}?${query}` : OIDC_LOGIN_PATH;
}

/**
 * What the sign-in page offers: SSO when the console has an identity provider, and the password
 * form — for everyone, or with LOCAL_LOGIN=false only behind the break-glass disclosure (the
 * admins the operator CLI keeps for when the provider is down).
 */
export function useSignInChoices() {
  const methods = useSignInMethods();
  const [breakGlassOpen, setBreakGlassOpen] = useState(false);
  // Without an answer, offer what every console has: the password form.
  const localLogin = methods.isError || methods.data?.localLogin === true;
  return {
    methods,
    breakGlassOpen,
    toggleBreakGlass: () => setBreakGlassOpen((open) => !open),
    showPasswordForm: localLogin || (methods.data !== undefined && breakGlassOpen),
  };
}

/** The SSO button and, with LOCAL_LOGIN=false, the break-glass disclosure; above the form. */
export function SignInChoices({
  choices,
  returnTo,
}: {
  choices: ReturnType<typeof useSignInChoices>;
  returnTo?: string | undefined;
}) {
  const { t } = useTranslation();
  const { methods } = choices;
  if (methods.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (methods.isError) return <ApiErrorAlert error={methods.error} />;
  const { sso, localLogin } = methods.data;
  return (
    <>
      {sso ? (
        <Button type="primary" size="large" block href={ssoLoginHref(returnTo)}>
          {t('sso.signInWithSso')}
        </Button>
      ) : null}
      {sso && localLogin ? <Divider plain>{t('sso.or')}</Divider> : null}
      {localLogin ? null : (
        <div style={{ marginTop: 24 }}>
          <Button
            type="link"
            size="small"
            aria-expanded={choices.breakGlassOpen}
            aria-controls={PASSWORD_FORM_ID}
            onClick={choices.toggleBreakGlass}
            style={{ paddingInline: 0 }}
          >
            {t('sso.breakGlass')}
          </Button>
          {choices.breakGlassOpen ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('sso.breakGlassHint')}
            </Typography.Paragraph>
          ) : null}
        </div>
      )}
    </>
  );
}
