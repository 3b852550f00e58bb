import { useState } from 'react';
import { Navigate, Link, useNavigate, useParams, useSearchParams } from 'react-router';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Tabs from 'antd/es/tabs';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { paths } from '../../config/paths';
import { AccessKeysPanel } from '../../features/access-keys/components/access-keys-panel';
import { useDeleteUser } from '../../features/users/api/delete-user';
import { useUser } from '../../features/users/api/get-user';
import { DeleteUserDialog } from '../../features/users/components/delete-user-dialog';
import { useRequestTicket } from '../../lib/verification';
import { UserRecycleBin } from '../../features/recycle-bin/components/recycle-bin-views';
import { UserBasicInformation } from '../../features/users/components/user-basic-information';
import { FullPageSpinner, homeFor } from '../guards';
import { useSession } from '../session';

/** One RAM user: Basic Information, and the Authentication tab with the User AccessKeys. */
export function UserRoute() {
  const { t } = useTranslation();
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
        breadcrumb={[
          { title: t('nav.identities') },
          {
            title: isAdmin ? <Link to={paths.users}>{t('users.title')}</Link> : t('users.title'),
          },
          { title: userName },
        ]}
        extra={
          isAdmin && user.data ? (
            <Button danger onClick={() => setDeleting(true)}>
              {t('users.delete')}
            </Button>
          ) : null
        }
      />
      <ApiErrorAlert error={remove.error} />
      {user.isPending ? <FullPageSpinner /> : null}
      <ApiErrorAlert error={user.error} />
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
                    {t('users.userAccessKeys')}
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
