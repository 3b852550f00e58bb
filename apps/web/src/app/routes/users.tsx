import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { PageHeader } from '../page-header';
import { paths } from '../../config/paths';
import {
  UserKeyCount,
  UserKeyLastUsed,
} from '../../features/access-keys/components/key-usage-cells';
import { CreateUserDialog } from '../../features/users/components/create-user-dialog';
import { UsersList } from '../../features/users/components/users-list';
import { homeFor } from '../guards';
import { useSession } from '../session';

export function UsersRoute() {
  const { operator, accountAlias } = useSession();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  if (operator.role !== 'admin') return <Navigate to={homeFor(operator)} replace />;
  return (
    <>
      <PageHeader />
      <UsersList
        userHref={paths.user}
        onCreate={() => setCreating(true)}
        keyCount={(userName) => <UserKeyCount userName={userName} />}
        keyLastUsed={(userName) => <UserKeyLastUsed userName={userName} />}
      />
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
