import { useState, type ReactNode } from 'react';
import App from 'antd/es/app';
import Alert from 'antd/es/alert';
import Badge from 'antd/es/badge';
import Button from 'antd/es/button';
import Modal from 'antd/es/modal';
import Result from 'antd/es/result';
import Space from 'antd/es/space';
import Steps from 'antd/es/steps';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import type {
  AccessKeySummary,
  CreateAccessKeyResponse,
  RotationResponse,
} from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { KeyFlagTags } from '../../../components/key-flag-tags';
import { LastUsed } from '../../../components/last-used';
import { formatDateTime } from '../../../lib/format';
import { useRequestTicket } from '../../../lib/verification';
import { useCreateRotationKey, useRotation, useRotationStep } from '../api/rotation';
import { CreateResultDialog } from './create-result-dialog';
import { DeleteAccessKeyDialog } from './delete-access-key-dialog';
import { ScenarioDialog } from './scenario-dialog';

/** While waiting for adoption the page asks RAM for both keys' last use this often. */
const ADOPTION_POLL_MS = 10_000;

type KeyRow = AccessKeySummary & { role: 'old' | 'new' };

/** Which of the four steps is current: 0 create, 1 adopt, 2 disable, 3 delete, 4 all done. */
function currentStep(data: RotationResponse): number {
  const r = data.rotation;
  if (!r || r.state !== 'active') return r?.state === 'completed' ? 4 : 0;
  if (r.step === 'create-new-key') return 0;
  if (r.step === 'adopt') return data.newKeyAdopted ? 2 : 1;
  return 3;
}

/**
 * The rotation wizard of one RAM user: (1) create the second key with the full verification and
 * shown-once flow, (2) wait until the new key is used, (3) disable the old key, (4) after the
 * grace period delete it. The state lives on the server, so a reload resumes where it stood.
 */
export function RotationWizard({
  userName,
  newKeyExtras,
}: {
  userName: string;
  /** Shown while the new key waits to be adopted (the app layer offers to copy the policy). */
  newKeyExtras?: (oldAccessKeyId: string, newAccessKeyId: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const requestTicket = useRequestTicket();
  const rotation = useRotation(userName, ADOPTION_POLL_MS);
  const step = useRotationStep(userName);
  const createRotationKey = useCreateRotationKey(userName);
  const [creating, setCreating] = useState(false);
  const [scenarioOpen, setScenarioOpen] = useState(false);
  const [created, setCreated] = useState<CreateAccessKeyResponse | null>(null);
  const [confirmDisable, setConfirmDisable] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const data = rotation.data;
  const r = data?.rotation ?? null;
  const active = r?.state === 'active';
  const waiting = active && r.step === 'adopt';

  const run = async (s: Parameters<typeof step.mutateAsync>[0], done?: string) => {
    setError(null);
    try {
      await step.mutateAsync(s);
      if (done) void message.success(done);
    } catch (e) {
      setError(e);
    } finally {
      step.reset();
    }
  };

  // Like every RAM user's key: the scenario dialog (with the description), then the verification.
  const createNewKey = async (description: string) => {
    setError(null);
    const ticket = await requestTicket({ action: 'CreateAccessKey', userName });
    if (ticket === null) return;
    setCreating(true);
    try {
      setCreated(await createRotationKey(ticket, description));
    } catch (e) {
      setError(e);
    } finally {
      setCreating(false);
    }
  };

  const deleteOld = async () => {
    setDeleting(false);
    const ticket = await requestTicket({ action: 'DeleteAccessKey', userName });
    if (ticket === null) return;
    await run({ kind: 'delete-old-key', ticket }, t('rotation.oldDeleted'));
  };

  if (!data) {
    return (
      <>
        <ApiErrorAlert error={rotation.error} />
        {rotation.isLoading ? <Typography.Text>{t('common.loading')}</Typography.Text> : null}
      </>
    );
  }

  const keyRows: KeyRow[] = [];
  const oldKey = r ? data.accessKeys.find((k) => k.accessKeyId === r.oldAccessKeyId) : undefined;
  const newKey = r?.newAccessKeyId
    ? data.accessKeys.find((k) => k.accessKeyId === r.newAccessKeyId)
    : undefined;
  if (active || r?.state === 'completed') {
    if (oldKey) keyRows.push({ ...oldKey, role: 'old' });
    if (newKey) keyRows.push({ ...newKey, role: 'new' });
  } else {
    keyRows.push(...data.accessKeys.map((k) => ({ ...k, role: 'old' as const })));
  }

  // By the server's clock: the browser's may differ.
  const graceOver = data.oldKeyDeletable;
  const current = currentStep(data);
  // "The new key has called Ecs; the old one has been silent since …" (the service RAM recorded).
  const usageSentence = newKey?.lastUsedDate
    ? [
        newKey.lastUsedService
          ? t('rotation.newCalled', { service: newKey.lastUsedService })
          : t('rotation.newUsed'),
        oldKey?.lastUsedDate
          ? oldKey.lastUsedService
            ? t('rotation.oldLastCalled', {
                service: oldKey.lastUsedService,
                time: formatDateTime(oldKey.lastUsedDate),
              })
            : t('rotation.oldSilentSince', { time: formatDateTime(oldKey.lastUsedDate) })
          : t('rotation.oldNeverUsed'),
      ].join(' ')
    : null;
  const { policy } = data;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Steps
        current={current}
        aria-label={t('rotation.stepsLabel')}
        items={[
          { title: t('rotation.step1') },
          { title: t('rotation.step2') },
          { title: t('rotation.step3') },
          { title: t('rotation.step4') },
        ]}
      />
      <ApiErrorAlert error={error} onDismiss={() => setError(null)} />
      <ApiErrorAlert
        error={rotation.error}
        onRetry={() => void rotation.refetch()}
        retrying={rotation.isFetching}
      />

      <Space wrap align="center">
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {t('rotation.keysTitle')}
        </Typography.Title>
        <Button onClick={() => void rotation.refetch()} loading={rotation.isFetching}>
          {t('rotation.refresh')}
        </Button>
        <Typography.Text type="secondary">
          {t('rotation.checkedAt', {
            time: formatDateTime(new Date(rotation.dataUpdatedAt).toISOString()),
          })}
        </Typography.Text>
      </Space>
      <Table<KeyRow>
        rowKey="accessKeyId"
        size="middle"
        pagination={false}
        dataSource={keyRows}
        aria-label={t('rotation.keysTitle')}
        columns={[
          ...(r && (active || r.state === 'completed')
            ? [
                {
                  title: t('rotation.role'),
                  key: 'role',
                  render: (_: unknown, k: KeyRow) =>
                    k.role === 'old' ? t('rotation.oldKey') : t('rotation.newKey'),
                },
              ]
            : []),
          {
            title: t('accessKeys.accessKeyId'),
            dataIndex: 'accessKeyId',
            render: (id: string) => (
              <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                {id}
              </Typography.Text>
            ),
          },
          {
            title: t('accessKeys.status'),
            dataIndex: 'status',
            render: (s: AccessKeySummary['status']) => (
              <Badge
                status={s === 'Active' ? 'success' : 'default'}
                text={s === 'Active' ? t('accessKeys.active') : t('accessKeys.inactive')}
              />
            ),
          },
          {
            title: t('accessKeys.lastUsed'),
            dataIndex: 'lastUsedDate',
            render: (v: string | null, k: KeyRow) => (
              <LastUsed date={v} service={k.lastUsedService} never={t('hygiene.neverUsed')} />
            ),
          },
          {
            title: t('hygiene.flags'),
            key: 'flags',
            render: (_: unknown, k: KeyRow) => (
              <KeyFlagTags
                flags={k.flags}
                unusedDays={k.unusedDays}
                policy={policy}
                showNeverUsed={false}
              />
            ),
          },
        ]}
      />

      {!active && r?.state !== 'completed' ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ margin: 0 }}>{t('rotation.intro')}</Typography.Paragraph>
          {data.cannotStartReason ? (
            <Alert
              type="warning"
              showIcon
              role="alert"
              title={t('rotation.cannotStart')}
              description={t('errors.codes.RotationCannotStart', {
                context: data.cannotStartReason,
              })}
            />
          ) : null}
          <Button
            type="primary"
            disabled={!!data.cannotStartReason || step.isPending}
            onClick={() => void run({ kind: 'start' })}
          >
            {t('rotation.start')}
          </Button>
        </Space>
      ) : null}

      {active && r.step === 'create-new-key' ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 560 }}>
          <Typography.Paragraph style={{ margin: 0 }}>
            {t('rotation.createIntro', { id: r.oldAccessKeyId })}
          </Typography.Paragraph>
          <Button type="primary" loading={creating} onClick={() => setScenarioOpen(true)}>
            {t('rotation.createNewKey')}
          </Button>
        </Space>
      ) : null}

      {waiting ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {data.newKeyAdopted ? (
            <Alert
              type="success"
              showIcon
              role="status"
              title={t('rotation.adopted')}
              description={
                <>
                  {usageSentence ? <div>{usageSentence}</div> : null}
                  {t('rotation.adoptedDetail')}
                </>
              }
            />
          ) : newKey?.lastUsedDate ? (
            <Alert
              type="warning"
              showIcon
              role="status"
              title={t('rotation.oldStillUsed')}
              description={
                <>
                  {usageSentence ? <div>{usageSentence}</div> : null}
                  {t('rotation.oldStillUsedDetail')}
                </>
              }
            />
          ) : (
            <Alert
              type="info"
              showIcon
              role="status"
              title={t('rotation.waiting')}
              description={t('rotation.waitingDetail')}
            />
          )}
          {newKeyExtras && r.newAccessKeyId
            ? newKeyExtras(r.oldAccessKeyId, r.newAccessKeyId)
            : null}
          <Button
            type="primary"
            danger={!data.newKeyAdopted}
            disabled={step.isPending}
            onClick={() => setConfirmDisable(true)}
          >
            {t('rotation.disableOld')}
          </Button>
        </Space>
      ) : null}

      {active && r.step === 'delete-old' ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Alert
            type="info"
            showIcon
            role="status"
            title={t('rotation.oldDisabled', {
              time: formatDateTime(r.oldKeyDisabledAt),
            })}
            description={
              graceOver
                ? t('rotation.graceOver')
                : t('rotation.graceRunning', { time: formatDateTime(r.deleteAllowedAt) })
            }
          />
          <Button
            danger
            type="primary"
            disabled={!graceOver || step.isPending}
            onClick={() => setDeleting(true)}
          >
            {t('rotation.deleteOld')}
          </Button>
        </Space>
      ) : null}

      {r?.state === 'completed' ? (
        <Result
          status="success"
          title={t('rotation.completed')}
          subTitle={t('rotation.completedDetail', {
            oldId: r.oldAccessKeyId,
            newId: r.newAccessKeyId ?? '',
          })}
          extra={
            <Button onClick={() => void run({ kind: 'start' })} disabled={!!data.cannotStartReason}>
              {t('rotation.startAnother')}
            </Button>
          }
        />
      ) : null}

      {active ? (
        <Button
          onClick={() => void run({ kind: 'cancel' }, t('rotation.cancelled'))}
          disabled={step.isPending}
        >
          {t('rotation.cancel')}
        </Button>
      ) : null}

      <ScenarioDialog
        open={scenarioOpen}
        onCancel={() => setScenarioOpen(false)}
        onContinue={(description) => {
          setScenarioOpen(false);
          void createNewKey(description);
        }}
      />
      {created ? (
        <CreateResultDialog created={created} forAccount={false} onClose={() => setCreated(null)} />
      ) : null}
      {confirmDisable && r ? (
        <Modal
          open
          title={t('rotation.disableTitle')}
          onCancel={() => setConfirmDisable(false)}
          okText={t('rotation.disableOld')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onOk={async () => {
            setConfirmDisable(false);
            await run({ kind: 'disable-old-key' }, t('rotation.oldDisabledToast'));
          }}
        >
          <Typography.Paragraph>
            {data.newKeyAdopted
              ? t('rotation.disableBody', { id: r.oldAccessKeyId })
              : t('rotation.disableBodyNotAdopted', { id: r.oldAccessKeyId })}
          </Typography.Paragraph>
        </Modal>
      ) : null}
      {deleting && r ? (
        <DeleteAccessKeyDialog
          accessKeyId={r.oldAccessKeyId}
          toRecycleBin
          pending={step.isPending}
          onConfirm={() => void deleteOld()}
          onCancel={() => setDeleting(false)}
        />
      ) : null}
    </Space>
  );
}
