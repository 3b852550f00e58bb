import Badge from 'antd/es/badge';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import type { AccessKeySummary, KeyPolicy } from '@ram-console/contracts';
import { Link } from 'react-router';
import { ConsoleKeyTag, hasVisibleFlags, KeyFlagTags } from '../../../components/key-flag-tags';
import { EmptyText } from '../../../components/empty-text';
import { formatDateTime } from '../../../lib/format';

const nowrap = { style: { whiteSpace: 'nowrap' as const } };
const byDate = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');

/**
 * One owner's AccessKeys. Fixed column widths (a status change moves nothing), IDs, dates and
 * statuses on one line, sortable by ID, created and last used. The console's own key is marked
 * and offers no Disable or Delete.
 */
/** Why the console's own key offers no Disable or Delete (shown under a table that lists it). */
export function ConsoleKeyNote({ accessKeys }: { accessKeys: AccessKeySummary[] }) {
  const { t } = useTranslation();
  if (!accessKeys.some((k) => k.usedByConsole)) return null;
  return (
    <Typography.Paragraph type="secondary" id="console-key-note" style={{ margin: 0 }}>
      {t('accessKeys.consoleKeyNote')}
    </Typography.Paragraph>
  );
}

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
      tableLayout="fixed"
      showSorterTooltip={false}
      scroll={{ x: 940 }}
      locale={{ emptyText: <EmptyText>{emptyText ?? t('accessKeys.empty')}</EmptyText> }}
      columns={[
        {
          title: t('accessKeys.accessKeyId'),
          dataIndex: 'accessKeyId',
          width: 232,
          onHeaderCell: () => nowrap,
          sorter: (a, b) => a.accessKeyId.localeCompare(b.accessKeyId),
          render: (id: string, key) => (
            // Block-level: an inline box would sit on the text baseline, above the row's middle.
            <Space orientation="vertical" size={4} align="start" style={{ display: 'flex' }}>
              {keyPath ? (
                <Link to={keyPath(id)} aria-label={t('keyDetail.openNamed', { id })}>
                  <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                    {id}
                  </Typography.Text>
                </Link>
              ) : (
                <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                  {id}
                </Typography.Text>
              )}
              {key.usedByConsole || (policy && hasVisibleFlags(key.flags, false)) ? (
                <Space size={[0, 4]} wrap>
                  {key.usedByConsole ? <ConsoleKeyTag /> : null}
                  {policy ? (
                    <KeyFlagTags
                      flags={key.flags}
                      unusedDays={key.unusedDays}
                      policy={policy}
                      showNeverUsed={false}
                      idleDisableDate={key.idleDisableDate}
                    />
                  ) : null}
                </Space>
              ) : null}
            </Space>
          ),
        },
        {
          title: t('accessKeys.status'),
          dataIndex: 'status',
          width: 100,
          onHeaderCell: () => nowrap,
          onCell: () => nowrap,
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
          width: 196,
          onHeaderCell: () => nowrap,
          onCell: () => nowrap,
          sorter: (a, b) => byDate(a.createDate, b.createDate),
          render: (v: string) => formatDateTime(v),
        },
        {
          title: t('accessKeys.lastUsed'),
          dataIndex: 'lastUsedDate',
          width: 196,
          onHeaderCell: () => nowrap,
          onCell: () => nowrap,
          sorter: (a, b) => byDate(a.lastUsedDate, b.lastUsedDate),
          // The time on one line, the service RAM recorded under it.
          render: (v: string | null, key) =>
            v ? (
              <Space orientation="vertical" size={0}>
                <span>{formatDateTime(v)}</span>
                {key.lastUsedService ? (
                  <Typography.Text type="secondary">
                    {t('lastUse.via', { service: key.lastUsedService })}
                  </Typography.Text>
                ) : null}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('accessKeys.neverUsed')}</Typography.Text>
            ),
        },
        {
          title: t('hygiene.description'),
          dataIndex: 'description',
          onHeaderCell: () => nowrap,
          // Text above its Edit link: side by side they squeezed "No description" mid-word.
          render: (v: string | null, key) => (
            <Space orientation="vertical" size={0} align="start">
              {v ? (
                <span style={{ overflowWrap: 'anywhere' }}>{v}</span>
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
          width: 120,
          onHeaderCell: () => nowrap,
          render: (_, key) =>
            key.usedByConsole ? (
              <Typography.Text type="secondary">
                {t('accessKeys.consoleKeyNoActions')}
              </Typography.Text>
            ) : (
              // Stacked like the description column's, so Enable and Delete fit the column's
              // fixed width: side by side they overflowed it and scrolled the whole table.
              <Space orientation="vertical" size={0} align="start">
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
