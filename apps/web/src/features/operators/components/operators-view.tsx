import { useState } from 'react';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Operator } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { formatDateTime } from '../../../lib/format';
import { useRequestTicket } from '../../../lib/verification';
import { useDeleteOperator } from '../api/delete-operator';
import { useOperators } from '../api/get-operators';
import { CreateOperatorDialog } from './create-operator-dialog';
import { EndSessionsButton } from './end-sessions-button';

export function OperatorsView({ self }: { self: string }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const operators = useOperators();
  const remove = useDeleteOperator();
  const requestTicket = useRequestTicket();
  const [creating, setCreating] = useState(false);

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
      <Button type="primary" onClick={() => setCreating(true)}>
        {t('operators.create')}
      </Button>
      <ApiErrorAlert error={operators.error ?? remove.error} />
      <Table<Operator>
        rowKey="username"
        size="middle"
        aria-label={t('operators.table')}
        loading={operators.isLoading}
        dataSource={operators.data?.operators ?? []}
        pagination={false}
        columns={[
          { title: t('operators.username'), dataIndex: 'username' },
          {
            title: t('operators.role'),
            dataIndex: 'role',
            render: (r: Operator['role']) => t(`operators.${r}`),
          },
          {
            title: t('operators.source'),
            key: 'source',
            render: (_, o) =>
              o.source === 'sso'
                ? t('operators.sourceSso')
                : o.breakGlass
                  ? t('operators.sourceLocalBreakGlass')
                  : t('operators.sourceLocal'),
          },
          {
            title: t('operators.phone'),
            dataIndex: 'maskedPhone',
            // An SSO operator whose provider sent no verified phone adds one at their first
            // verified action.
            render: (v: string) => v || t('operators.phoneNotAdded'),
          },
          { title: t('operators.ramUser'), dataIndex: 'ramUserName' },
          {
            title: t('operators.status'),
            key: 'status',
            render: (_, o) =>
              o.mustChangePassword ? t('operators.passwordChangePending') : t('operators.active'),
          },
          {
            title: t('operators.sessions'),
            dataIndex: 'activeSessions',
            render: (n: number | undefined) => n ?? 0,
          },
          {
            title: t('operators.created'),
            dataIndex: 'createdAt',
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, o) => (
              <Space size={[8, 0]} wrap>
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
      <CreateOperatorDialog open={creating} onClose={() => setCreating(false)} />
    </Space>
  );
}
