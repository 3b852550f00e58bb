import { useState } from 'react';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import type { Operator } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { formatDateTime } from '../../../lib/format';
import { useRequestTicket } from '../../../lib/verification';
import { useDeleteOperator } from '../api/delete-operator';
import { useOperators } from '../api/get-operators';
import { EndSessionsButton } from './end-sessions-button';
import { CreateOperatorDialog, type RamUserField } from './create-operator-dialog';
import { ChangePhoneDialog } from './change-phone-dialog';
import { EditOperatorDialog } from './edit-operator-dialog';
import { ResetPasswordDialog } from './reset-password-dialog';

const nowrap = { style: { whiteSpace: 'nowrap' as const } };

export function OperatorsView({
  self,
  ramUserField,
}: {
  self: string;
  ramUserField: RamUserField;
}) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const operators = useOperators();
  const remove = useDeleteOperator();
  const requestTicket = useRequestTicket();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Operator | null>(null);
  const [changingPhone, setChangingPhone] = useState<Operator | null>(null);
  const [resetting, setResetting] = useState<Operator | null>(null);

  // Confirm, then verify the phone (removing an operator is a verified action), then remove.
  const askDelete = (username: string) =>
    modal.confirm({
      title: t('operators.deleteTitle'),
      content: t('operators.deleteBody', { username }),
      okText: t('operators.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => {
        void (async () => {
          const ticket = await requestTicket({ action: 'DeleteOperator', operator: username });
          if (ticket === null) return;
          await remove.mutateAsync({ username, ticket }).catch(() => undefined);
        })();
      },
    });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => setCreating(true)} style={{ alignSelf: 'flex-start' }}>
        {t('operators.create')}
      </Button>
      <ApiErrorAlert
        error={operators.error}
        onRetry={() => void operators.refetch()}
        retrying={operators.isFetching}
      />
      <ApiErrorAlert error={remove.error} onDismiss={() => remove.reset()} />
      {operators.error && !operators.data ? null : (
        <Table<Operator>
          rowKey="username"
          size="middle"
          aria-label={t('operators.table')}
          loading={operators.isLoading}
          dataSource={operators.data?.operators ?? []}
          pagination={false}
          tableLayout="fixed"
          scroll={{ x: 984 }}
          columns={[
            {
              title: t('operators.username'),
              dataIndex: 'username',
              width: 152,
              onHeaderCell: () => nowrap,
              render: (u: string, o) => (
                <Space orientation="vertical" size={0}>
                  <Space size={4} wrap>
                    <span style={{ overflowWrap: 'anywhere' }}>{u}</span>
                    {u === self ? <Tag>{t('operators.you')}</Tag> : null}
                  </Space>
                  {/* How the operator signs in: SSO, local, or local break-glass. */}
                  <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                    {o.source === 'sso'
                      ? t('operators.sourceSso')
                      : o.breakGlass
                        ? t('operators.sourceLocalBreakGlass')
                        : t('operators.sourceLocal')}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('operators.role'),
              dataIndex: 'role',
              width: 80,
              onHeaderCell: () => nowrap,
              render: (r: Operator['role']) => t(`operators.${r}`),
            },
            {
              title: t('operators.phone'),
              dataIndex: 'maskedPhone',
              width: 120,
              onHeaderCell: () => nowrap,
              onCell: () => nowrap,
              // An SSO operator whose provider sent no verified phone adds one at their first
              // verified action.
              render: (v: string) => v || t('operators.phoneNotAdded'),
            },
            {
              title: t('operators.ramUser'),
              dataIndex: 'ramUserName',
              width: 100,
              onHeaderCell: () => nowrap,
              render: (v: string | null) => v ?? '—',
            },
            {
              // The account's state and its live sessions, one cell.
              title: t('operators.status'),
              key: 'status',
              width: 112,
              onHeaderCell: () => nowrap,
              render: (_, o) => (
                <Space orientation="vertical" size={0}>
                  <span>
                    {o.mustChangePassword
                      ? t('operators.passwordChangePending')
                      : t('operators.active')}
                  </span>
                  <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                    {t('operators.sessionCount', { count: o.activeSessions ?? 0 })}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('operators.created'),
              dataIndex: 'createdAt',
              width: 190,
              onHeaderCell: () => nowrap,
              onCell: () => nowrap,
              render: (v: string) => formatDateTime(v),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 230,
              onHeaderCell: () => nowrap,
              render: (_, o) => (
                // Edit, Change phone, Reset password, End sessions, then the destructive Delete.
                <Space size={[8, 0]} wrap>
                  <Button
                    type="link"
                    size="small"
                    aria-label={t('operators.editNamed', { username: o.username })}
                    onClick={() => setEditing(o)}
                  >
                    {t('operators.edit')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    aria-label={t('operators.changePhoneNamed', { username: o.username })}
                    onClick={() => setChangingPhone(o)}
                  >
                    {t('operators.changePhone')}
                  </Button>
                  {/* One's own password is changed with the current one, not reset here. */}
                  {o.username === self ? null : (
                    <Button
                      type="link"
                      size="small"
                      aria-label={t('operators.resetPasswordNamed', { username: o.username })}
                      onClick={() => setResetting(o)}
                    >
                      {t('operators.resetPassword')}
                    </Button>
                  )}
                  <EndSessionsButton operator={o} self={o.username === self} />
                  {o.username === self ? null : (
                    <Button
                      type="link"
                      danger
                      size="small"
                      aria-label={t('operators.deleteNamed', { username: o.username })}
                      onClick={() => askDelete(o.username)}
                    >
                      {t('operators.delete')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
      <CreateOperatorDialog
        open={creating}
        onClose={() => setCreating(false)}
        ramUserField={ramUserField}
      />
      {editing ? (
        <EditOperatorDialog
          operator={editing}
          ramUserField={ramUserField}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {changingPhone ? (
        <ChangePhoneDialog operator={changingPhone} onClose={() => setChangingPhone(null)} />
      ) : null}
      {resetting ? (
        <ResetPasswordDialog operator={resetting} onClose={() => setResetting(null)} />
      ) : null}
    </Space>
  );
}
