import { useEffect, useState } from 'react';
import App from 'antd/es/app';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Radio from 'antd/es/radio';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import {
  IpOrCidr,
  MAX_ALLOWED_IPS,
  type NetworkPolicyDryRunResponse,
  type NetworkPolicyRequest,
  type NetworkPolicyStatus,
  type SeenAddress,
} from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { EmptyText } from '../../../components/empty-text';
import { formatDateTime } from '../../../lib/format';
import { useRequestTicket } from '../../../lib/verification';
import {
  useNetworkPolicy,
  useNetworkPolicyDryRun,
  useSaveNetworkPolicy,
  type PolicyTarget,
} from '../api/network-policy';

/** One address or CIDR per line (commas and spaces also separate); blank lines ignored. */
export function parseAllowList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** What is wrong with a proposed list, in the operator's words; null when it is fine. */
function listProblem(
  t: (key: string, opts?: Record<string, unknown>) => string,
  status: NetworkPolicyStatus,
  ips: string[],
): string | null {
  const bad = ips.filter((ip) => !IpOrCidr.safeParse(ip).success);
  if (bad.length > 0) return t('networkPolicy.invalidEntries', { entries: bad.join(', ') });
  if (new Set(ips).size !== ips.length) return t('networkPolicy.duplicates');
  if (ips.length > MAX_ALLOWED_IPS) return t('networkPolicy.tooMany', { max: MAX_ALLOWED_IPS });
  if (status === 'Active' && ips.length === 0) return t('networkPolicy.activeNeedsOne');
  return null;
}

/**
 * The network access restriction of one AccessKey or of the account: Active/Inactive and the
 * allow list (IPs and CIDR blocks). "Check against recent use" runs the dry run (which recently
 * seen source addresses the list would block); Save asks for phone verification.
 */
export function NetworkPolicyEditor({ target }: { target: PolicyTarget }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const requestTicket = useRequestTicket();
  const policy = useNetworkPolicy(target);
  const dryRun = useNetworkPolicyDryRun(target);
  const save = useSaveNetworkPolicy(target);
  const forAccount = !target.accessKeyId;
  const [status, setStatus] = useState<NetworkPolicyStatus>('Inactive');
  const [text, setText] = useState('');
  const [checked, setChecked] = useState<{
    request: NetworkPolicyRequest;
    result: NetworkPolicyDryRunResponse;
  } | null>(null);
  const [error, setError] = useState<unknown>(null);

  // Load the saved policy into the form (again after each save).
  const loaded = policy.data;
  useEffect(() => {
    if (!loaded) return;
    setStatus(loaded.status);
    setText(loaded.allowedIps.join('\n'));
  }, [loaded]);

  const ips = parseAllowList(text);
  const problem = listProblem(t, status, ips);
  const request: NetworkPolicyRequest = { status, allowedIps: ips };
  const sameAsChecked =
    checked !== null &&
    checked.request.status === status &&
    checked.request.allowedIps.join('\n') === ips.join('\n');

  const check = async () => {
    setError(null);
    try {
      setChecked({ request, result: await dryRun.mutateAsync(request) });
    } catch (e) {
      setError(e);
    }
  };

  const submit = async () => {
    setError(null);
    const ticket = await requestTicket({
      action: forAccount ? 'SetAccountNetworkPolicy' : 'SetAccessKeyNetworkPolicy',
      userName: target.userName,
      accessKeyId: forAccount ? undefined : target.accessKeyId,
    });
    if (ticket === null) return;
    try {
      await save.mutateAsync({ body: request, ticket: ticket || undefined });
      setChecked(null);
      void message.success(t('networkPolicy.saved'));
    } catch (e) {
      setError(e);
    }
  };

  if (!loaded) {
    return (
      <>
        <ApiErrorAlert
          error={policy.error}
          onRetry={() => void policy.refetch()}
          retrying={policy.isFetching}
        />
        {policy.isPending ? <Typography.Text>{t('common.loading')}</Typography.Text> : null}
      </>
    );
  }

  const idPrefix = forAccount ? 'account-policy' : 'key-policy';
  const blocked = checked?.result.blocked ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 760 }}>
      <Typography.Paragraph style={{ margin: 0 }}>
        {forAccount ? t('networkPolicy.accountIntro') : t('networkPolicy.keyIntro')}
      </Typography.Paragraph>
      {!forAccount ? (
        <Alert
          type="info"
          showIcon
          role="note"
          title={t(`networkPolicy.effective.${loaded.effective}`)}
        />
      ) : null}
      {loaded.vpcRules.length > 0 ? (
        <Alert
          type="info"
          showIcon
          role="note"
          title={t('networkPolicy.vpcRulesKept', { count: loaded.vpcRules.length })}
          description={loaded.vpcRules
            .map((r) => `${r.vpcId}: ${r.allowedIps.join(', ') || '*'}`)
            .join(' · ')}
        />
      ) : null}
      <ApiErrorAlert error={error} onDismiss={() => setError(null)} />
      <Form layout="vertical" requiredMark={false} onFinish={() => void check()}>
        <Form.Item label={t('networkPolicy.status')}>
          <Radio.Group
            aria-label={t('networkPolicy.status')}
            value={status}
            onChange={(e) => setStatus(e.target.value as NetworkPolicyStatus)}
            options={[
              { value: 'Active', label: t('networkPolicy.active') },
              { value: 'Inactive', label: t('networkPolicy.inactive') },
            ]}
          />
        </Form.Item>
        <Form.Item
          label={t('networkPolicy.allowList')}
          htmlFor={`${idPrefix}-ips`}
          help={problem ?? t('networkPolicy.allowListHelp', { max: MAX_ALLOWED_IPS })}
          validateStatus={problem && text.trim() !== '' ? 'error' : undefined}
        >
          <Input.TextArea
            id={`${idPrefix}-ips`}
            rows={5}
            value={text}
            spellCheck={false}
            autoComplete="off"
            placeholder={'203.0.113.7\n198.51.100.0/24'}
            onChange={(e) => setText(e.target.value)}
          />
        </Form.Item>
        <Space wrap>
          <Button htmlType="submit" disabled={problem !== null} loading={dryRun.isPending}>
            {t('networkPolicy.check')}
          </Button>
          <Button
            type="primary"
            disabled={problem !== null || !sameAsChecked || checked.result.locksOutConsole}
            loading={save.isPending}
            onClick={() => void submit()}
          >
            {t('networkPolicy.save')}
          </Button>
          {!sameAsChecked && problem === null ? (
            <Typography.Text type="secondary">{t('networkPolicy.checkFirst')}</Typography.Text>
          ) : null}
        </Space>
      </Form>
      {checked && sameAsChecked ? (
        <DryRunResult result={checked.result} status={status} blockedCount={blocked.length} />
      ) : null}
    </Space>
  );
}

function DryRunResult({
  result,
  status,
  blockedCount,
}: {
  result: NetworkPolicyDryRunResponse;
  status: NetworkPolicyStatus;
  blockedCount: number;
}) {
  const { t } = useTranslation();
  const rows = [
    ...result.blocked.map((a) => ({ ...a, blocked: true })),
    ...result.allowed.map((a) => ({ ...a, blocked: false })),
  ];
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }}>
        {t('networkPolicy.dryRunTitle')}
      </Typography.Title>
      {result.locksOutConsole ? (
        <Alert type="error" showIcon role="alert" title={t('networkPolicy.locksOutConsole')} />
      ) : status === 'Inactive' ? (
        <Alert type="info" showIcon role="status" title={t('networkPolicy.inactiveBlocksNone')} />
      ) : blockedCount > 0 ? (
        <Alert
          type="warning"
          showIcon
          role="status"
          title={t('networkPolicy.wouldBlock', { count: blockedCount })}
        />
      ) : (
        <Alert type="success" showIcon role="status" title={t('networkPolicy.blocksNone')} />
      )}
      <Table<SeenAddress & { blocked: boolean }>
        rowKey={(r) => `${r.accessKeyId}:${r.ip}`}
        size="small"
        pagination={false}
        dataSource={rows}
        aria-label={t('networkPolicy.dryRunTitle')}
        locale={{ emptyText: <EmptyText>{t('networkPolicy.noneSeen')}</EmptyText> }}
        columns={[
          { title: t('networkPolicy.sourceIp'), dataIndex: 'ip' },
          {
            title: t('networkPolicy.verdict'),
            key: 'verdict',
            render: (_, r) =>
              r.blocked ? (
                <Typography.Text strong style={{ color: '#a8071a' }}>
                  {t('networkPolicy.blocked')}
                </Typography.Text>
              ) : (
                t('networkPolicy.allowed')
              ),
          },
          { title: t('keyUsage.services'), key: 's', render: (_, r) => r.services.join(', ') },
          {
            title: t('keyUsage.lastSeen'),
            dataIndex: 'lastUsedAt',
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('accessKeys.accessKeyId'),
            dataIndex: 'accessKeyId',
            render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
          },
        ]}
      />
    </Space>
  );
}
