import { Link, Navigate, useParams } from 'react-router';
import Alert from 'antd/es/alert';
import Badge from 'antd/es/badge';
import Descriptions from 'antd/es/descriptions';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { LastUsed } from '../../components/last-used';
import { paths } from '../../config/paths';
import { useAccessKeys } from '../../features/access-keys/api/get-access-keys';
import { KeyUsageView } from '../../features/key-usage/components/key-usage-view';
import { NetworkPolicyEditor } from '../../features/network-policy/components/network-policy-editor';
import { formatDateTime } from '../../lib/format';
import { FullPageSpinner, homeFor } from '../guards';
import { useSession } from '../session';
import { PageHeader } from '../page-header';

/**
 * One AccessKey: its status and last use (with the service), where it was used (services and
 * source addresses), and its network access restriction. A RAM user's key (`/users/:userName/
 * access-keys/:id`: that user's admin or member) or the account's (`/account/access-keys/:id`).
 */
export function AccessKeyRoute() {
  const { t } = useTranslation();
  const { userName, accessKeyId = '' } = useParams();
  const { operator } = useSession();
  const isAdmin = operator.role === 'admin';
  const keys = useAccessKeys({ userName });

  if (userName ? !isAdmin && userName !== operator.ramUserName : !isAdmin) {
    return <Navigate to={homeFor(operator)} replace />;
  }

  const key = keys.data?.accessKeys.find((k) => k.accessKeyId === accessKeyId);
  const back = userName ? paths.userAuthentication(userName) : paths.accountAccessKeys;

  return (
    <>
      <PageHeader title={t('keyDetail.title', { id: accessKeyId })} />
      {keys.isPending ? <FullPageSpinner /> : null}
      <ApiErrorAlert
        error={keys.error}
        onRetry={() => void keys.refetch()}
        retrying={keys.isFetching}
      />
      {keys.data && !key ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('keyDetail.notFound', { id: accessKeyId })}
          description={<Link to={back}>{t('keyDetail.back')}</Link>}
        />
      ) : null}
      {key ? (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              {
                key: 'status',
                label: t('accessKeys.status'),
                children: (
                  <Badge
                    status={key.status === 'Active' ? 'success' : 'default'}
                    text={
                      key.status === 'Active' ? t('accessKeys.active') : t('accessKeys.inactive')
                    }
                  />
                ),
              },
              {
                key: 'created',
                label: t('accessKeys.created'),
                children: formatDateTime(key.createDate),
              },
              {
                key: 'lastUsed',
                label: t('accessKeys.lastUsed'),
                children: <LastUsed date={key.lastUsedDate} service={key.lastUsedService} />,
              },
              ...(key.idleDisableDate
                ? [
                    {
                      key: 'idle',
                      label: t('keyDetail.idleDisable'),
                      children: formatDateTime(key.idleDisableDate),
                    },
                  ]
                : []),
            ]}
          />
          <section aria-labelledby="key-usage-title">
            <Typography.Title id="key-usage-title" level={2} style={{ fontSize: 16 }}>
              {t('keyUsage.title')}
            </Typography.Title>
            <KeyUsageView target={{ userName, accessKeyId }} />
          </section>
          <section aria-labelledby="key-policy-title">
            <Typography.Title id="key-policy-title" level={2} style={{ fontSize: 16 }}>
              {t('networkPolicy.keyTitle')}
            </Typography.Title>
            <NetworkPolicyEditor target={{ userName, accessKeyId }} />
          </section>
        </Space>
      ) : null}
    </>
  );
}
