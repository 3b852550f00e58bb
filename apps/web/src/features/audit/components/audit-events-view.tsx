import { useState } from 'react';
import Badge from 'antd/es/badge';
import Button from 'antd/es/button';
import DatePicker from 'antd/es/date-picker';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { AuditAction, type AuditEvent } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { EmptyText } from '../../../components/empty-text';
import { ScrollRegion } from '../../../components/scroll-region';
import { describeCode } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { auditEventsCsvUrl, useAuditEvents } from '../api/get-audit-events';

type AuditOutcome = AuditEvent['outcome'];

interface Filters {
  operator?: string | undefined;
  action?: AuditAction | undefined;
  targetOperator?: string | undefined;
  ramUserName?: string | undefined;
  outcome?: AuditOutcome | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

interface FilterForm {
  operator?: string;
  action?: AuditAction;
  targetOperator?: string;
  ramUserName?: string;
  outcome?: AuditOutcome;
  range?: [{ toISOString(): string } | null, { toISOString(): string } | null] | null;
}

const PAGE_SIZE = 50;
const nowrap = { style: { whiteSpace: 'nowrap' as const } };

export function AuditEventsView() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  const [cursors, setCursors] = useState<string[]>([]);
  const events = useAuditEvents({ ...filters, cursor: cursors.at(-1), limit: PAGE_SIZE });

  const apply = (v: FilterForm) => {
    setCursors([]);
    setFilters({
      operator: v.operator?.trim() || undefined,
      action: v.action || undefined,
      targetOperator: v.targetOperator?.trim() || undefined,
      ramUserName: v.ramUserName?.trim() || undefined,
      outcome: v.outcome || undefined,
      from: v.range?.[0]?.toISOString(),
      to: v.range?.[1]?.toISOString(),
    });
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Form<FilterForm>
        layout="inline"
        onFinish={apply}
        aria-label={t('audit.filters')}
        style={{ rowGap: 12 }}
      >
        <Form.Item name="operator" label={t('audit.operator')}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 240 }}
            // Every action the API writes: the vocabulary in packages/contracts.
            options={AuditAction.options.map((a) => ({ value: a, label: t(`audit.actions.${a}`) }))}
          />
        </Form.Item>
        <Form.Item name="targetOperator" label={t('audit.targetOperator')}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="ramUserName" label={t('audit.ramUser')}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="outcome" label={t('audit.outcome')}>
          <Select
            allowClear
            style={{ width: 120 }}
            options={[
              { value: 'success', label: t('audit.success') },
              { value: 'failure', label: t('audit.failure') },
            ]}
          />
        </Form.Item>
        {/* The picker works in the browser's time zone: say which. */}
        <Form.Item
          name="range"
          label={t('audit.timeIn', { zone: Intl.DateTimeFormat().resolvedOptions().timeZone })}
        >
          <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('audit.apply')}
          </Button>
        </Form.Item>
        <Form.Item>
          <Button href={auditEventsCsvUrl(filters)} download>
            {t('audit.exportCsv')}
          </Button>
        </Form.Item>
      </Form>
      <ApiErrorAlert
        error={events.error}
        onRetry={() => void events.refetch()}
        retrying={events.isFetching}
      />
      <ScrollRegion label={t('audit.table')}>
        <Table<AuditEvent>
          rowKey="id"
          size="small"
          aria-label={t('audit.table')}
          tableLayout="fixed"
          scroll={{ x: 1452 }}
          loading={events.isLoading}
          dataSource={events.data?.events ?? []}
          pagination={false}
          locale={{ emptyText: <EmptyText>{t('audit.empty')}</EmptyText> }}
          columns={[
            {
              title: t('audit.time'),
              dataIndex: 'time',
              width: 196,
              onHeaderCell: () => nowrap,
              onCell: () => nowrap,
              render: (v: string) => formatDateTime(v),
            },
            {
              title: t('audit.operator'),
              dataIndex: 'operator',
              width: 110,
              ellipsis: true,
              onHeaderCell: () => nowrap,
            },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              width: 200,
              onHeaderCell: () => nowrap,
              render: (a: AuditAction, e) => (
                <>
                  {t(`audit.actions.${a}`)}
                  {e.verification ? (
                    <Typography.Text type="secondary">
                      {' '}
                      ({t(`audit.verification.${e.verification}`)})
                    </Typography.Text>
                  ) : null}
                </>
              ),
            },
            {
              title: t('audit.outcome'),
              dataIndex: 'outcome',
              width: 200,
              onHeaderCell: () => nowrap,
              render: (v: AuditOutcome, e) => (
                <>
                  <Badge
                    status={v === 'success' ? 'success' : 'error'}
                    text={v === 'success' ? t('audit.success') : t('audit.failure')}
                  />
                  {e.errorCode ? (
                    <div>
                      <Typography.Text type="secondary" title={e.errorCode}>
                        {describeCode(t, e.errorCode)}
                      </Typography.Text>
                    </div>
                  ) : null}
                </>
              ),
            },
            {
              title: t('audit.targetOperator'),
              dataIndex: 'targetOperator',
              width: 150,
              ellipsis: true,
              onHeaderCell: () => nowrap,
            },
            {
              title: t('audit.ramUser'),
              dataIndex: 'ramUserName',
              width: 120,
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
                ) : null,
            },
            {
              title: t('audit.requestId'),
              dataIndex: 'requestId',
              width: 140,
              ellipsis: true,
              onHeaderCell: () => nowrap,
            },
            {
              title: t('audit.ip'),
              dataIndex: 'ip',
              width: 110,
              onHeaderCell: () => nowrap,
              onCell: () => nowrap,
            },
          ]}
        />
      </ScrollRegion>
      <Space>
        <Button disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('common.previousPage')}
        </Button>
        <Button
          disabled={!events.data?.nextCursor}
          onClick={() => {
            const next = events.data?.nextCursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          {t('common.nextPage')}
        </Button>
      </Space>
    </Space>
  );
}
