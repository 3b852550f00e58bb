import { useState } from 'react';
import { Link } from 'react-router';
import Radio from 'antd/es/radio';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import {
  ConsoleErrorCode,
  type AccessKeySummary,
  type CreateAccessKeyResponse,
  type KeyFlag,
} from '@ram-console/contracts';
import { FLAG_FILTERS } from '../../../components/key-flag-tags';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { ApiRequestError } from '../../../lib/api-client';
import { useConsoleFlow } from '../../../lib/console-flow';
import { useRequestTicket } from '../../../lib/verification';
import { useAccessKeys } from '../api/get-access-keys';
import { useCreateAccessKey } from '../api/create-access-key';
import { useDeleteAccessKey } from '../api/delete-access-key';
import { useUpdateAccessKey } from '../api/update-access-key';
import { useUpdateDescription } from '../api/update-description';
import type { KeyOwner } from '../api/keys-path';
import { AccessKeysTable, ConsoleKeyNote } from './access-keys-table';
import { CreateOutcomeUnknownAlert } from './create-outcome-unknown-alert';
import { CreateResultDialog } from './create-result-dialog';
import { DeleteAccessKeyDialog } from './delete-access-key-dialog';
import { DescriptionDialog } from './description-dialog';
import { DisableAccessKeyDialog } from './disable-access-key-dialog';
import { MainAccountCreateDialog } from './main-account-create-dialog';
import { ScenarioDialog } from './scenario-dialog';

/** RAM's "too many keys" refusals: the page explains the limit beside Create AccessKey instead. */
const LIMIT_CODES = new Set(['LimitExceeded.User.AccessKey', 'LimitExceeded.Account.AccessKey']);

/**
 * One owner's AccessKeys (the account's or a RAM user's) with every action on them. The create
 * flow: (RAM users: scenario →) Phone Verification → create → result dialog, secret held only here.
 */
export function AccessKeysPanel({
  userName,
  rotationPath,
  keyPath,
}: {
  userName?: string | undefined;
  /** A key's detail page (where it was used, network restriction); the app layer knows it. */
  keyPath?: ((accessKeyId: string) => string) | undefined;
  /** A RAM user's rotation wizard (the app layer knows the route). */
  rotationPath?: string | undefined;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { shape } = useConsoleFlow();
  const owner: KeyOwner = { userName };
  const forAccount = !userName;
  const requestTicket = useRequestTicket();
  const keys = useAccessKeys(owner);
  const create = useCreateAccessKey(owner);
  const update = useUpdateAccessKey(owner);
  const remove = useDeleteAccessKey(owner);
  const describe = useUpdateDescription(owner);
  const [flag, setFlag] = useState<KeyFlag | 'all'>('all');
  const [describing, setDescribing] = useState<AccessKeySummary | null>(null);

  const [scenarioOpen, setScenarioOpen] = useState(false);
  const [mainAccountOpen, setMainAccountOpen] = useState(false);
  // The account's keys have no scenario dialog: their optional description is typed beside Create.
  const [newDescription, setNewDescription] = useState('');
  const [created, setCreated] = useState<CreateAccessKeyResponse | null>(null);
  const [disabling, setDisabling] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; orphan: boolean } | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [outcomeUnknown, setOutcomeUnknown] = useState<ApiRequestError | null>(null);

  const count = keys.data?.accessKeys.length ?? 0;
  const limit = keys.data?.limit ?? (forAccount ? 5 : 2);
  const atLimit = !!keys.data && count >= limit;

  const createWithVerification = async (description = '') => {
    setActionError(null);
    const ticket = await requestTicket({ action: 'CreateAccessKey', userName });
    if (ticket === null) return;
    try {
      setCreated(await create.create(ticket, description));
      setNewDescription('');
    } catch (error) {
      if (
        error instanceof ApiRequestError &&
        error.code === ConsoleErrorCode.CreateOutcomeUnknown
      ) {
        setOutcomeUnknown(error);
      } else {
        setActionError(error);
      }
    }
  };

  const startCreate = () => {
    setActionError(null);
    if (!forAccount) setScenarioOpen(true);
    else if (shape.confirmMainAccountCreate) setMainAccountOpen(true);
    else void createWithVerification(newDescription.trim());
  };

  const closeResult = () => {
    setCreated(null);
  };

  const disable = async () => {
    if (!disabling) return;
    setActionError(null);
    try {
      await update.mutateAsync({ accessKeyId: disabling, status: 'Inactive' });
      void message.success(t('accessKeys.disabled', { id: disabling }));
    } catch (error) {
      setActionError(error);
    } finally {
      setDisabling(null);
    }
  };

  const enable = async (accessKeyId: string) => {
    setActionError(null);
    const ticket = await requestTicket({ action: 'EnableAccessKey', userName, accessKeyId });
    if (ticket === null) return;
    try {
      await update.mutateAsync({ accessKeyId, status: 'Active', ticket });
      void message.success(t('accessKeys.enabled', { id: accessKeyId }));
    } catch (error) {
      setActionError(error);
    }
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    const { id, orphan } = deleting;
    setDeleting(null);
    setActionError(null);
    const ticket = await requestTicket({ action: 'DeleteAccessKey', userName, accessKeyId: id });
    if (ticket === null) return;
    try {
      // The console deletes only disabled keys; an orphan is disabled on the way out.
      if (orphan) await update.mutateAsync({ accessKeyId: id, status: 'Inactive' });
      await remove.mutateAsync({ accessKeyId: id, ticket });
      void message.success(t('accessKeys.deleted', { id }));
      if (orphan) {
        setOutcomeUnknown((current) => {
          const rest = current?.body.orphanAccessKeyIds?.filter((o) => o !== id) ?? [];
          return current && rest.length > 0
            ? new ApiRequestError(current.status, { ...current.body, orphanAccessKeyIds: rest })
            : null;
        });
      }
    } catch (error) {
      setActionError(error);
    }
  };

  const saveDescription = async (description: string) => {
    if (!describing) return;
    const id = describing.accessKeyId;
    setActionError(null);
    try {
      await describe.mutateAsync({ accessKeyId: id, description });
      void message.success(t('hygiene.descriptionSaved', { id }));
      setDescribing(null);
    } catch (error) {
      setActionError(error);
      setDescribing(null);
    }
  };

  const policy = keys.data?.policy;
  const shown = (keys.data?.accessKeys ?? []).filter(
    (k) => flag === 'all' || k.flags.includes(flag),
  );
  const flagLabel = (f: KeyFlag) =>
    f === 'never-used'
      ? t('hygiene.filterNeverUsed')
      : f === 'unused'
        ? t('hygiene.filterUnused', { count: policy?.unusedForDays ?? 90 })
        : f === 'old'
          ? t('hygiene.filterOld', { count: policy?.olderThanDays ?? 90 })
          : f === 'expired'
            ? t('hygiene.filterExpired')
            : t('hygiene.filterIdleDisableSoon');
  // RAM's idle rule applies when the API dated a disable for some key (the setting is on).
  const idleRuleApplies = (keys.data?.accessKeys ?? []).some((k) => k.idleDisableDate !== null);
  const offered = (f: KeyFlag) =>
    f === 'expired'
      ? policy?.maxAgeDays != null
      : f === 'idle-disable-soon'
        ? idleRuleApplies || flag === f
        : true;

  // An error whose cause the page now shows itself goes: RAM's limit refusal once the refreshed
  // list is at the limit (the reason is beside Create AccessKey).
  const shownActionError =
    actionError instanceof ApiRequestError && LIMIT_CODES.has(actionError.code) && atLimit
      ? null
      : actionError;

  const limitReason = forAccount
    ? t('accessKeys.limitAccount', { limit })
    : t('accessKeys.limitUser', { limit });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center">
        {forAccount ? (
          <Input
            aria-label={t('hygiene.newKeyDescription')}
            placeholder={t('hygiene.newKeyDescription')}
            maxLength={200}
            style={{ width: 360 }}
            disabled={atLimit}
            value={newDescription}
            onChange={(e) => setNewDescription(e.target.value)}
          />
        ) : null}
        <Button
          type="primary"
          disabled={atLimit || keys.isLoading}
          onClick={startCreate}
          aria-describedby={atLimit ? 'access-key-limit-reason' : undefined}
        >
          {t('accessKeys.create')}
        </Button>
        {keys.data ? (
          // Grey like every hint on the page: orange here read as one more link beside "Rotate".
          <Typography.Text type="secondary" id="access-key-limit-reason">
            {atLimit ? limitReason : t('accessKeys.usage', { used: count, limit })}
          </Typography.Text>
        ) : null}
        {/* Rotation replaces a key: offered once there is one (and to resume one under way). */}
        {rotationPath && count > 0 ? <Link to={rotationPath}>{t('hygiene.rotate')}</Link> : null}
      </Space>
      <Space wrap align="center">
        <Typography.Text id="access-key-flag-filter">{t('hygiene.filterLabel')}</Typography.Text>
        <Radio.Group
          aria-labelledby="access-key-flag-filter"
          value={flag}
          onChange={(e) => setFlag(e.target.value as KeyFlag | 'all')}
          options={[
            { value: 'all', label: t('hygiene.filterAll') },
            ...FLAG_FILTERS.filter(offered).map((f) => ({ value: f, label: flagLabel(f) })),
          ]}
        />
      </Space>
      {outcomeUnknown ? (
        <CreateOutcomeUnknownAlert
          error={outcomeUnknown}
          onDismiss={() => setOutcomeUnknown(null)}
          onDeleteOrphan={(id) => setDeleting({ id, orphan: true })}
        />
      ) : null}
      <ApiErrorAlert error={shownActionError} onDismiss={() => setActionError(null)} />
      {/* A list RAM did not answer is not an empty list: the error and Retry, no table. */}
      <ApiErrorAlert
        error={keys.error}
        onRetry={() => void keys.refetch()}
        retrying={keys.isFetching}
      />
      {keys.error && !keys.data ? null : (
        <AccessKeysTable
          accessKeys={shown}
          policy={policy}
          onEditDescription={setDescribing}
          keyPath={keyPath}
          emptyText={flag === 'all' ? undefined : t('hygiene.filterEmpty')}
          loading={keys.isLoading}
          caption={forAccount ? t('accessKeys.accountTable') : t('accessKeys.userTable')}
          onDisable={setDisabling}
          onEnable={(id) => void enable(id)}
          onDelete={(id) => setDeleting({ id, orphan: false })}
        />
      )}
      <ConsoleKeyNote accessKeys={shown} />
      {mainAccountOpen ? (
        <MainAccountCreateDialog
          onCancel={() => setMainAccountOpen(false)}
          onContinue={() => {
            setMainAccountOpen(false);
            void createWithVerification(newDescription.trim());
          }}
        />
      ) : null}
      <ScenarioDialog
        open={scenarioOpen}
        onCancel={() => setScenarioOpen(false)}
        onContinue={(description) => {
          setScenarioOpen(false);
          void createWithVerification(description);
        }}
      />
      {created ? (
        <CreateResultDialog created={created} forAccount={forAccount} onClose={closeResult} />
      ) : null}
      {describing ? (
        <DescriptionDialog
          accessKeyId={describing.accessKeyId}
          initial={describing.description ?? ''}
          pending={describe.isPending}
          onSave={(d) => void saveDescription(d)}
          onCancel={() => setDescribing(null)}
        />
      ) : null}
      {disabling ? (
        <DisableAccessKeyDialog
          accessKeyId={disabling}
          pending={update.isPending}
          onConfirm={() => void disable()}
          onCancel={() => setDisabling(null)}
        />
      ) : null}
      {deleting ? (
        <DeleteAccessKeyDialog
          accessKeyId={deleting.id}
          toRecycleBin={!forAccount}
          pending={remove.isPending}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setDeleting(null)}
        />
      ) : null}
    </Space>
  );
}
