import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Typography from 'antd/es/typography';
import { Navigate, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { paths } from '../../config/paths';
import { useMe } from '../../features/auth/api/get-me';
import { useSignOut } from '../../features/auth/api/sign-out';
import { ChangePasswordForm } from '../../features/auth/components/change-password-form';
import { FullPageSpinner, homeFor } from '../guards';
import { StandalonePage } from '../../components/product-bar';

/**
 * The first sign-in with a generated or admin-set password: the only thing this session may do
 * (the API refuses the rest) is to choose its own password, or sign out.
 */
export function ChangePasswordRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const signOut = useSignOut();

  if (me.isPending) return <FullPageSpinner />;
  if (!me.data) return <Navigate to={paths.signIn} replace />;
  if (!me.data.operator.mustChangePassword) {
    return <Navigate to={homeFor(me.data.operator)} replace />;
  }
  const { operator } = me.data;

  return (
    // The product header the console's pages carry too, above the card.
    <StandalonePage>
      <Card style={{ width: 460, maxWidth: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {t('password.forcedPageTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('password.signedInAs', { username: operator.username })}
        </Typography.Paragraph>
        <ChangePasswordForm
          forced
          onChanged={() => navigate(homeFor(operator), { replace: true })}
        />
        <div style={{ marginTop: 24, display: 'flex', justifyContent: 'flex-end' }}>
          <Button
            loading={signOut.isPending}
            onClick={() =>
              signOut.mutate(undefined, {
                onSettled: () => navigate(paths.signIn, { replace: true }),
              })
            }
          >
            {t('shell.signOut')}
          </Button>
        </div>
      </Card>
    </StandalonePage>
  );
}
