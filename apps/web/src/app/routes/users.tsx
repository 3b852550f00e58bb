import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header';
import { paths } from '../../config/paths';
import { CreateUserDialog } from '../../features/users/components/create-user-dialog';
import { UsersList } from '../../features/users/components/users-list';
import { homeFor } from '../guards';
import { useSession } from '../session';

export function UsersRoute() {
  const { t } = useTranslation();
  const { operator, accountAlias } = useSession();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  if (operator.role !== 'admin') return <Navigate to={homeFor(operator)} replace />;
  return (
    <>
      <PageHeader
        title={t('users.title')}
        breadcrumb={[{ title: t('nav.identities') }, { title: t('users.title') }]}
      />
      <UsersList userHref={paths.user} onCreate={() => setCreating(true)} />
      <CreateUserDialog
        open={creating}
        accountAlias={accountAlias}
        onCancel={() => setCreating(false)}
        onCreated={(user) => {
          setCreating(false);
          navigate(paths.user(user.userName));
        }}
      />
    </>
  );
}
