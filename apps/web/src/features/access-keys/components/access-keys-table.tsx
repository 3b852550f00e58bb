import Badge from 'antd/es/badge';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import type { AccessKeySummary, KeyPolicy } from '@ram-console/contracts';
import { formatDateTime } from '../../../lib/format';
import { EmptyText } from '../../../components/empty-text';

export function AccessKeysTable({
  accessKeys,
  policy,
  loading,
  caption,
  onDisable,
  onEnable,
  onDelete,
}: {
  accessKeys: AccessKeySummary[];
  /** The thresholds the API computed the flags with. */
  policy: KeyPolicy | undefined;
  loading: boolean;
  caption: string;
  onDisable: (id: string) => void;
  onEnable: (id: string) => void;
  onDelete: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table<AccessKeySummary>
      rowKey="accessKeyId"
      size="middle"
      loading={loading}
      pagination={false}
      dataSource={accessKeys}
      aria-label={caption}
      locale={{ emptyText: <EmptyText>{t('accessKeys.empty')}</EmptyText> }}
      columns={[
        {
          title: t('accessKeys.accessKeyId'),
          dataIndex: 'accessKeyId',
          render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
        },
        {
          title: t('accessKeys.status'),
          dataIndex: 'status',
          render: (status: AccessKeySummary['status']) => (
            <Badge
              status={status === 'Active' ? 'success' : 'default'}
              text={status === 'Active' ? t('accessKeys.active') : t('accessKeys.inactive')}
            />
          ),
        },
        {
          title: t('accessKeys.created'),
          dataIndex: 'createDate',
          render: (v: string) => formatDateTime(v),
        },
        {
          title: t('accessKeys.lastUsed'),
          dataIndex: 'lastUsedDate',
          render: (v: string | null) => (v ? formatDateTime(v) : t('accessKeys.neverUsed')),
        },
        {
          // "never-used" already shows under Last used; the others are worth a second look.
          title: t('accessKeys.hygiene'),
          key: 'hygiene',
          render: (_, key) => (
            <Space orientation="vertical" size={0}>
              {key.flags.includes('expired') ? (
                <Typography.Text type="danger">
                  {t('accessKeys.flags.expired', { days: policy?.maxAgeDays ?? key.ageDays })}
                </Typography.Text>
              ) : null}
              {key.flags.includes('old') ? (
                <Typography.Text type="warning">
                  {t('accessKeys.flags.old', { days: key.ageDays })}
                </Typography.Text>
              ) : null}
              {key.flags.includes('unused') ? (
                <Typography.Text type="warning">
                  {t('accessKeys.flags.unused', { days: key.unusedDays })}
                </Typography.Text>
              ) : null}
            </Space>
          ),
        },
        {
          title: t('common.actions'),
          key: 'actions',
          render: (_, key) => (
            <Space size="small">
              {key.status === 'Active' ? (
                <Button
                  type="link"
                  size="small"
                  aria-label={t('accessKeys.disableNamed', { id: key.accessKeyId })}
                  onClick={() => onDisable(key.accessKeyId)}
                >
                  {t('accessKeys.disable')}
                </Button>
              ) : (
                <>
                  <Button
                    type="link"
                    size="small"
                    aria-label={t('accessKeys.enableNamed', { id: key.accessKeyId })}
                    onClick={() => onEnable(key.accessKeyId)}
                  >
                    {t('accessKeys.enable')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    danger
                    aria-label={t('accessKeys.deleteNamed', { id: key.accessKeyId })}
                    onClick={() => onDelete(key.accessKeyId)}
                  >
                    {t('accessKeys.delete')}
                  </Button>
                </>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
