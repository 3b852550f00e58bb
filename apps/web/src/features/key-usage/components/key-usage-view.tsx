import Alert from 'antd/es/alert';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import type { KeyUsageService } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { EmptyText } from '../../../components/empty-text';
import { formatDateTime } from '../../../lib/format';
import { useKeyUsage, type UsageTarget } from '../api/key-usage';

/**
 * Where an AccessKey was used: each service with the source addresses it was called from, from
 * ActionTrail's record (the emulator's in embedded mode), which runs about an hour behind.
 */
export function KeyUsageView({ target }: { target: UsageTarget }) {
  const { t } = useTranslation();
  const usage = useKeyUsage(target);
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        role="note"
        title={t('keyUsage.lag', { minutes: usage.data?.lagMinutes ?? 60 })}
      />
      <ApiErrorAlert
        error={usage.error}
        onRetry={() => void usage.refetch()}
        retrying={usage.isFetching}
      />
      <Table<KeyUsageService>
        rowKey="serviceName"
        size="middle"
        loading={usage.isPending}
        pagination={false}
        dataSource={usage.data?.services ?? []}
        aria-label={t('keyUsage.title')}
        locale={{ emptyText: <EmptyText>{t('keyUsage.empty')}</EmptyText> }}
        columns={[
          { title: t('keyUsage.service'), dataIndex: 'serviceName' },
          {
            title: t('keyUsage.lastSeen'),
            dataIndex: 'lastUsedAt',
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('keyUsage.sourceIps'),
            key: 'ips',
            render: (_, s) =>
              s.ips.length === 0 ? (
                <Typography.Text type="secondary">{t('keyUsage.noIps')}</Typography.Text>
              ) : (
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {s.ips.map((ip) => (
                    <li key={ip.ip}>
                      <Typography.Text code>{ip.ip}</Typography.Text>{' '}
                      <Typography.Text type="secondary">
                        {formatDateTime(ip.lastUsedAt)}
                      </Typography.Text>
                    </li>
                  ))}
                </ul>
              ),
          },
        ]}
      />
    </Space>
  );
}
