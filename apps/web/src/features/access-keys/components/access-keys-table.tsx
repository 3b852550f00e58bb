import Badge from 'antd/es/badge';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import type { AccessKeySummary, KeyPolicy } from '@ram-console/contracts';
import { Link } from 'react-router';
import { KeyFlagTags } from '../../../components/key-flag-tags';
import { LastUsed } from '../../../components/last-used';
import { formatDateTime } from '../../../lib/format';
import { EmptyText } from '../../../components/empty-text';

export function AccessKeysTable({
  accessKeys,
  loading,
  caption,
  onDisable,
  onEnable,
  onDelete,
  onEditDescription,
  policy,
  emptyText,
  keyPath,
}: {
  /** A key's detail page: the ID becomes a link to it. */
  keyPath?: ((accessKeyId: string) => string) | undefined;
  accessKeys: AccessKeySummary[];
  loading: boolean;
  caption: string;
  /** The thresholds of the hygiene tags (from the list answer). */
  policy: KeyPolicy | undefined;
  onEditDescription: (key: AccessKeySummary) => void;
  /** Shown instead of "No AccessKeys yet" (e.g. when a filter hides every key). */
  emptyText?: string | undefined;
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
      locale={{ emptyText: <EmptyText>{emptyText ?? t('accessKeys.empty')}</EmptyText> }}
      columns={[
        {
          title: t('accessKeys.accessKeyId'),
          dataIndex: 'accessKeyId',
          // An ID broken across lines is hard to read and to compare: keep it on one line.
          render: (id: string) => {
            const code = (
              <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                {id}
              </Typography.Text>
            );
            return keyPath ? (
              <Link to={keyPath(id)} aria-label={t('keyDetail.openNamed', { id })}>
                {code}
              </Link>
            ) : (
              code
            );
          },
        },
        {
          title: t('accessKeys.status'),
          dataIndex: 'status',
          render: (status: AccessKeySummary['status']) => (
            <Badge
              style={{ whiteSpace: 'nowrap' }}
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
          render: (v: string | null, key) => <LastUsed date={v} service={key.lastUsedService} />,
        },
        {
          title: t('hygiene.flags'),
          key: 'flags',
          render: (_, key) =>
            policy ? (
              <KeyFlagTags
                flags={key.flags}
                unusedDays={key.unusedDays}
                policy={policy}
                idleDisableDate={key.idleDisableDate}
              />
            ) : null,
        },
        {
          title: t('hygiene.description'),
          dataIndex: 'description',
          // Text above its Edit link: side by side they squeezed "No description" mid-word.
          render: (v: string | null, key) => (
            <Space orientation="vertical" size={0} align="start">
              {v ? (
                <span>{v}</span>
              ) : (
                <Typography.Text type="secondary">{t('hygiene.noDescription')}</Typography.Text>
              )}
              <Button
                type="link"
                size="small"
                style={{ paddingInline: 0 }}
                aria-label={t('hygiene.editDescriptionNamed', { id: key.accessKeyId })}
                onClick={() => onEditDescription(key)}
              >
                {t('hygiene.editDescription')}
              </Button>
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
