import { useState } from 'react';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Tabs from 'antd/es/tabs';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { paths } from '../../config/paths';
import { AccessKeysPanel } from '../../features/access-keys/components/access-keys-panel';
import { useDeleteUser } from '../../features/users/api/delete-user';
import { useUser } from '../../features/users/api/get-user';
import { DeleteUserDialog } from '../../features/users/components/delete-user-dialog';
import { useRequestTicket } from '../../lib/verification';
import { UserRecycleBin } from '../../features/recycle-bin/components/recycle-bin-views';
import { UserBasicInformation } from '../../features/users/components/user-basic-information';
import { useConsoleFlow } from '../../lib/console-flow';
import { FullPageSpinner, homeFor } from '../guards';
import { PageHeader } from '../page-header';
import { useSession } from '../session';

/** One RAM user: Basic Information, and the Authentication tab with the User AccessKeys. */
export function UserRoute() {
  const { t } = useTranslation();
  const { tf } = useConsoleFlow();
  const { userName = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const { operator } = useSession();
  const user = useUser(userName);
  const isAdmin = operator.role === 'admin';
  const navigate = useNavigate();
  const requestTicket = useRequestTicket();
  const remove = useDeleteUser();
  const { message } = App.useApp();
  const [deleting, setDeleting] = useState(false);

  const deleteUser = async () => {
    setDeleting(false);
    const ticket = await requestTicket({ action: 'DeleteUser', userName });
    if (ticket === null) return;
    try {
      await remove.mutateAsync({ userName, ticket });
      void message.success(t('users.deleted', { userName }));
      navigate(paths.users, { replace: true });
    } catch {
      // Shown below from remove.error.
    }
  };

  if (!isAdmin && userName !== operator.ramUserName) {
    return <Navigate to={homeFor(operator)} replace />;
  }

  const tab = search.get('tab') === 'authentication' ? 'authentication' : 'basic';
  return (
    <>
      <PageHeader
        title={userName}
        extra={
          isAdmin && user.data ? (
            <Button danger onClick={() => setDeleting(true)}>
              {t('users.delete')}
            </Button>
          ) : null
        }
      />
      <ApiErrorAlert error={remove.error} onDismiss={() => remove.reset()} />
      {user.isPending ? <FullPageSpinner /> : null}
      <ApiErrorAlert
        error={user.error}
        onRetry={() => void user.refetch()}
        retrying={user.isFetching}
      />
      {user.data ? (
        <Tabs
          activeKey={tab}
          onChange={(key) =>
            setSearch(key === 'authentication' ? { tab: 'authentication' } : {}, { replace: true })
          }
          items={[
            {
              key: 'basic',
              label: t('users.basicInformation'),
              children: (
                <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                  <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                    {t('users.basicInformation')}
                  </Typography.Title>
                  <UserBasicInformation user={user.data.user} />
                </Space>
              ),
            },
            {
              key: 'authentication',
              label: t('users.authentication'),
              children: (
                <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                  <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                    {tf('userKeysSection')}
                  </Typography.Title>
                  <AccessKeysPanel
                    userName={userName}
                    rotationPath={paths.rotation(userName)}
                    keyPath={(id) => paths.accessKey(userName, id)}
                  />
                  <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                    {t('recycleBin.userTitle')}
                  </Typography.Title>
                  <UserRecycleBin userName={userName} />
                </Space>
              ),
            },
          ]}
        />
      ) : null}
      {deleting ? (
        <DeleteUserDialog
          userName={userName}
          pending={remove.isPending}
          onConfirm={() => void deleteUser()}
          onCancel={() => setDeleting(false)}
        />
      ) : null}
    </>
  );
}
