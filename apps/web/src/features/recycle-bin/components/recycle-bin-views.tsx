import { useState } from 'react';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import {
  RECYCLE_BIN_DAYS,
  type RecycledAccessKey,
  type RecycledUser,
} from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { EmptyText } from '../../../components/empty-text';
import { TypeToConfirmDialog } from '../../../components/type-to-confirm-dialog';
import { formatDateTime } from '../../../lib/format';
import { useRequestTicket } from '../../../lib/verification';
import {
  useAccountRecycleBin,
  useRecycleBinAction,
  useUserRecycleBin,
  type BinAction,
} from '../api/recycle-bin';

/** RAM keeps at most this many deleted keys per RAM user; a fourth delete purges the oldest. */
const KEYS_PER_USER_IN_BIN = 3;

type Purging =
  { kind: 'key'; key: RecycledAccessKey } | { kind: 'user'; user: RecycledUser } | null;

/** Restore and Delete permanently, both verified; Delete permanently also asks to type the name. */
function useBinActions() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const requestTicket = useRequestTicket();
  const action = useRecycleBinAction();
  const [purging, setPurging] = useState<Purging>(null);
  const [error, setError] = useState<unknown>(null);

  const perform = async (
    verified: {
      action: 'RestoreAccessKey' | 'PurgeAccessKey' | 'RestoreUser' | 'PurgeUser';
      /** A key action's key: the ticket is then good for it only. */
      accessKeyId?: string;
    },
    userName: string,
    build: (ticket: string) => BinAction,
    done: string,
  ) => {
    setError(null);
    const ticket = await requestTicket({ ...verified, userName });
    if (ticket === null) return;
    try {
      await action.mutateAsync(build(ticket));
      void message.success(done);
    } catch (e) {
      setError(e);
    }
  };

  const restoreKey = (k: RecycledAccessKey) =>
    perform(
      { action: 'RestoreAccessKey', accessKeyId: k.accessKeyId },
      k.userName,
      (ticket) => ({
        kind: 'restore-key',
        userName: k.userName,
        accessKeyId: k.accessKeyId,
        ticket,
      }),
      t('recycleBin.keyRestored', { id: k.accessKeyId }),
    );
  const restoreUser = (u: RecycledUser) =>
    perform(
      { action: 'RestoreUser' },
      u.userName,
      (ticket) => ({ kind: 'restore-user', userId: u.userId, ticket }),
      t('recycleBin.userRestored', { userName: u.userName }),
    );
  const confirmPurge = async () => {
    const p = purging;
    setPurging(null);
    if (!p) return;
    if (p.kind === 'key') {
      const k = p.key;
      await perform(
        { action: 'PurgeAccessKey', accessKeyId: k.accessKeyId },
        k.userName,
        (ticket) => ({
          kind: 'purge-key',
          userName: k.userName,
          accessKeyId: k.accessKeyId,
          ticket,
        }),
        t('recycleBin.keyPurged', { id: k.accessKeyId }),
      );
    } else {
      const u = p.user;
      await perform(
        { action: 'PurgeUser' },
        u.userName,
        (ticket) => ({ kind: 'purge-user', userId: u.userId, ticket }),
        t('recycleBin.userPurged', { userName: u.userName }),
      );
    }
  };

  const dialog = purging ? (
    <TypeToConfirmDialog
      title={
        purging.kind === 'key' ? t('recycleBin.purgeKeyTitle') : t('recycleBin.purgeUserTitle')
      }
      body={
        purging.kind === 'key'
          ? t('recycleBin.purgeKeyBody', { id: purging.key.accessKeyId })
          : t('recycleBin.purgeUserBody', { userName: purging.user.userName })
      }
      fieldLabel={purging.kind === 'key' ? t('accessKeys.typeId') : t('users.typeName')}
      fieldId="purge-confirm"
      expected={purging.kind === 'key' ? purging.key.accessKeyId : purging.user.userName}
      confirmLabel={t('recycleBin.purge')}
      pending={action.isPending}
      onConfirm={() => void confirmPurge()}
      onCancel={() => setPurging(null)}
    />
  ) : null;

  return {
    restoreKey,
    restoreUser,
    setPurging,
    error,
    setError,
    pending: action.isPending,
    dialog,
  };
}

function KeysInBinTable({
  keys,
  loading,
  caption,
  showUser,
  actions,
}: {
  keys: RecycledAccessKey[];
  loading: boolean;
  caption: string;
  showUser: boolean;
  actions: ReturnType<typeof useBinActions>;
}) {
  const { t } = useTranslation();
  return (
    <Table<RecycledAccessKey>
      rowKey="accessKeyId"
      size="middle"
      loading={loading}
      pagination={false}
      dataSource={keys}
      aria-label={caption}
      locale={{ emptyText: <EmptyText>{t('recycleBin.noKeys')}</EmptyText> }}
      columns={[
        {
          title: t('accessKeys.accessKeyId'),
          dataIndex: 'accessKeyId',
          render: (id: string) => (
            <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
              {id}
            </Typography.Text>
          ),
        },
        ...(showUser ? [{ title: t('recycleBin.user'), dataIndex: 'userName' as const }] : []),
        {
          title: t('recycleBin.deletedAt'),
          dataIndex: 'recycleDate',
          render: (v: string) => formatDateTime(v),
        },
        {
          title: t('recycleBin.purgedOn'),
          dataIndex: 'deleteDate',
          render: (v: string) => formatDateTime(v),
        },
        {
          title: t('common.actions'),
          key: 'actions',
          render: (_, k) =>
            k.userRecycled ? (
              <Typography.Text type="secondary">{t('recycleBin.restoreUserFirst')}</Typography.Text>
            ) : (
              <Space size="small">
                <Button
                  type="link"
                  size="small"
                  disabled={actions.pending}
                  aria-label={t('recycleBin.restoreNamed', { name: k.accessKeyId })}
                  onClick={() => void actions.restoreKey(k)}
                >
                  {t('recycleBin.restore')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  danger
                  disabled={actions.pending}
                  aria-label={t('recycleBin.purgeNamed', { name: k.accessKeyId })}
                  onClick={() => actions.setPurging({ kind: 'key', key: k })}
                >
                  {t('recycleBin.purge')}
                </Button>
              </Space>
            ),
        },
      ]}
    />
  );
}

/** One RAM user's deleted AccessKeys (their page's Authentication tab). */
export function UserRecycleBin({ userName }: { userName: string }) {
  const { t } = useTranslation();
  const bin = useUserRecycleBin(userName);
  const actions = useBinActions();
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('recycleBin.keysFacts', { days: RECYCLE_BIN_DAYS, count: KEYS_PER_USER_IN_BIN })}
      </Typography.Paragraph>
      <ApiErrorAlert error={actions.error} onDismiss={() => actions.setError(null)} />
      <ApiErrorAlert
        error={bin.error}
        onRetry={() => void bin.refetch()}
        retrying={bin.isFetching}
      />
      <KeysInBinTable
        keys={bin.data?.accessKeys ?? []}
        loading={bin.isPending}
        caption={t('recycleBin.userKeysTable', { userName })}
        showUser={false}
        actions={actions}
      />
      {actions.dialog}
    </Space>
  );
}

/** The whole account's bin: deleted RAM users and every deleted RAM-user key (admins). */
export function AccountRecycleBin() {
  const { t } = useTranslation();
  const bin = useAccountRecycleBin();
  const actions = useBinActions();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ margin: 0 }}>
        {t('recycleBin.accountFacts', { days: RECYCLE_BIN_DAYS, count: KEYS_PER_USER_IN_BIN })}
      </Typography.Paragraph>
      <ApiErrorAlert error={actions.error} onDismiss={() => actions.setError(null)} />
      <ApiErrorAlert
        error={bin.error}
        onRetry={() => void bin.refetch()}
        retrying={bin.isFetching}
      />
      <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
        {t('recycleBin.usersTitle')}
      </Typography.Title>
      <Table<RecycledUser>
        rowKey="userId"
        size="middle"
        loading={bin.isPending}
        pagination={false}
        dataSource={bin.data?.users ?? []}
        aria-label={t('recycleBin.usersTitle')}
        locale={{ emptyText: <EmptyText>{t('recycleBin.noUsers')}</EmptyText> }}
        columns={[
          { title: t('users.logonName'), dataIndex: 'userName' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          {
            title: t('recycleBin.deletedAt'),
            dataIndex: 'recycleDate',
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('recycleBin.purgedOn'),
            dataIndex: 'deleteDate',
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, u) => (
              <Space size="small">
                <Button
                  type="link"
                  size="small"
                  disabled={actions.pending}
                  aria-label={t('recycleBin.restoreNamed', { name: u.userName })}
                  onClick={() => void actions.restoreUser(u)}
                >
                  {t('recycleBin.restore')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  danger
                  disabled={actions.pending}
                  aria-label={t('recycleBin.purgeNamed', { name: u.userName })}
                  onClick={() => actions.setPurging({ kind: 'user', user: u })}
                >
                  {t('recycleBin.purge')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
        {t('recycleBin.keysTitle')}
      </Typography.Title>
      <KeysInBinTable
        keys={bin.data?.accessKeys ?? []}
        loading={bin.isPending}
        caption={t('recycleBin.keysTitle')}
        showUser
        actions={actions}
      />
      {actions.dialog}
    </Space>
  );
}
