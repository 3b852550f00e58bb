import type { ReactNode } from 'react';
import Spin from 'antd/es/spin';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { paths } from '../config/paths';
import { useMe } from '../features/auth/api/get-me';
import { useSession } from './session';

export function FullPageSpinner() {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '40vh' }}>
      <Spin aria-label={t('common.loading')} />
    </div>
  );
}

export function RequireOperator({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpinner />;
  // Plain markup: this guard is in the initial bundle, antd's Alert and Typography are not.
  if (me.isError) {
    return (
      <p role="alert" style={{ padding: 24 }}>
        {t('errors.meFailed', { message: me.error.message })}
      </p>
    );
  }
  if (!me.data) {
    return (
      <Navigate to={paths.signIn} replace state={{ from: location.pathname + location.search }} />
    );
  }
  // A generated or admin-set password: the API refuses everything else until it is replaced.
  if (me.data.operator.mustChangePassword) {
    return <Navigate to={paths.changePassword} replace />;
  }
  return <>{children}</>;
}

/** Admin-only pages: a member is sent to their own RAM user. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { operator } = useSession();
  if (operator.role !== 'admin') return <Navigate to={homeFor(operator)} replace />;
  return <>{children}</>;
}

export function homeFor(operator: { role: string; ramUserName: string | null }): string {
  if (operator.role === 'admin') return paths.users;
  return operator.ramUserName ? paths.userAuthentication(operator.ramUserName) : paths.users;
}

export function HomeRedirect() {
  const { operator } = useSession();
  return <Navigate to={homeFor(operator)} replace />;
}
