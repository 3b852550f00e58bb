import Badge from 'antd/es/badge';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_REPORT_USER, type CredentialReportRow } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { ScrollRegion } from '../../../components/scroll-region';
import { EmptyText } from '../../../components/empty-text';
import { KeyFlagTags } from '../../../components/key-flag-tags';
import { formatDateTime } from '../../../lib/format';
import { CREDENTIAL_REPORT_CSV_URL, useCredentialReport } from '../api/get-credential-report';

/** Every RAM user and key with age, last use and flags; the same rows as the CSV download. */
const nowrap = { style: { whiteSpace: 'nowrap' as const } };

export function CredentialReportView() {
  const { t } = useTranslation();
  const report = useCredentialReport();
  const data = report.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Button type="primary" href={CREDENTIAL_REPORT_CSV_URL} download>
          {t('report.download')}
        </Button>
        <Button onClick={() => void report.refetch()} loading={report.isFetching}>
          {t('report.refresh')}
        </Button>
        {data ? (
          <Typography.Text type="secondary">
            {t('report.generatedAt', { time: formatDateTime(data.generatedAt) })}
          </Typography.Text>
        ) : null}
      </Space>
      {data ? (
        <Typography.Paragraph style={{ margin: 0 }} aria-label={t('report.summaryLabel')}>
          {t('report.summary', {
            users: t('report.users', { count: data.summary.users }),
            keys: t('report.keys', { count: data.summary.keys }),
            neverUsed: data.summary.neverUsed,
            unused: data.summary.unused,
            old: data.summary.old,
          })}{' '}
          {data.policy.maxAgeDays !== null ? (
            <Typography.Text type={data.summary.expired > 0 ? 'danger' : undefined} strong>
              {t('report.expiredCount', {
                count: data.summary.expired,
                age: t('report.maxAge', { count: data.policy.maxAgeDays }),
              })}
            </Typography.Text>
          ) : null}
          {data.summary.idleDisableSoon > 0 ? (
            <>
              {' '}
              <Typography.Text type="danger" strong>
                {t('report.idleDisableSoonCount', { count: data.summary.idleDisableSoon })}
              </Typography.Text>
            </>
          ) : null}
        </Typography.Paragraph>
      ) : null}
      <ApiErrorAlert
        error={report.error}
        onRetry={() => void report.refetch()}
        retrying={report.isFetching}
      />
      {report.error && !data ? null : (
        <ScrollRegion label={t('report.table')}>
          <Table<CredentialReportRow>
            rowKey={(r) => `${r.userName}/${r.accessKeyId ?? ''}`}
            size="middle"
            loading={report.isLoading}
            pagination={false}
            dataSource={data?.rows ?? []}
            aria-label={t('report.table')}
            tableLayout="fixed"
            scroll={{ x: 1444 }}
            locale={{ emptyText: <EmptyText>{t('report.empty')}</EmptyText> }}
            columns={[
              {
                title: t('report.user'),
                dataIndex: 'userName',
                width: 130,
                ellipsis: true,
                onHeaderCell: () => nowrap,
                render: (v: string) => (v === ACCOUNT_REPORT_USER ? t('report.account') : v),
              },
              {
                title: t('report.displayName'),
                dataIndex: 'displayName',
                width: 130,
                ellipsis: true,
                onHeaderCell: () => nowrap,
              },
              {
                title: t('accessKeys.accessKeyId'),
                dataIndex: 'accessKeyId',
                width: 226,
                onHeaderCell: () => nowrap,
                render: (v: string | null) =>
                  v ? (
                    <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                      {v}
                    </Typography.Text>
                  ) : (
                    <Typography.Text type="secondary">{t('report.noKey')}</Typography.Text>
                  ),
              },
              {
                title: t('accessKeys.status'),
                dataIndex: 'status',
                width: 100,
                onHeaderCell: () => nowrap,
                onCell: () => nowrap,
                render: (v: CredentialReportRow['status']) =>
                  v ? (
                    <Badge
                      status={v === 'Active' ? 'success' : 'default'}
                      text={v === 'Active' ? t('accessKeys.active') : t('accessKeys.inactive')}
                    />
                  ) : null,
              },
              {
                title: t('accessKeys.created'),
                dataIndex: 'createDate',
                width: 196,
                onHeaderCell: () => nowrap,
                onCell: () => nowrap,
                render: (v: string | null) => formatDateTime(v),
              },
              {
                title: t('hygiene.ageDays'),
                dataIndex: 'ageDays',
                width: 96,
                align: 'right',
                onHeaderCell: () => nowrap,
              },
              {
                title: t('accessKeys.lastUsed'),
                dataIndex: 'lastUsedDate',
                width: 196,
                onHeaderCell: () => nowrap,
                onCell: () => nowrap,
                // The time on one line, the service RAM recorded under it.
                render: (v: string | null, r) =>
                  v ? (
                    <Space orientation="vertical" size={0}>
                      <span>{formatDateTime(v)}</span>
                      {r.lastUsedService ? (
                        <Typography.Text type="secondary">
                          {t('lastUse.via', { service: r.lastUsedService })}
                        </Typography.Text>
                      ) : null}
                    </Space>
                  ) : r.accessKeyId ? (
                    <Typography.Text type="secondary">{t('hygiene.neverUsed')}</Typography.Text>
                  ) : null,
              },
              {
                title: t('hygiene.description'),
                dataIndex: 'description',
                // A width of its own: the fixed widths of the others once filled the whole scroll
                // width, left this column none, and stacked a description one letter a line.
                width: 200,
                onHeaderCell: () => nowrap,
                render: (v: string | null) => <span style={{ overflowWrap: 'anywhere' }}>{v}</span>,
              },
              {
                title: t('hygiene.flags'),
                key: 'flags',
                width: 170,
                onHeaderCell: () => nowrap,
                render: (_, r) =>
                  data ? (
                    <KeyFlagTags
                      flags={r.flags}
                      unusedDays={r.unusedDays}
                      policy={data.policy}
                      showNeverUsed={false}
                    />
                  ) : null,
              },
            ]}
          />
        </ScrollRegion>
      )}
    </Space>
  );
}
