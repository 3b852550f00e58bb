import Form from 'antd/es/form';
import Modal from 'antd/es/modal';
import Select from 'antd/es/select';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { RamUserName, type Operator, type OperatorRole } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { useRequestTicket } from '../../../lib/verification';
import { zodRule } from '../../../lib/zod-rule';
import { useUpdateOperator } from '../api/update-operator';
import type { RamUserField } from './create-operator-dialog';

interface EditValues {
  role: OperatorRole;
  ramUserName?: string;
}

/**
 * An operator's role and, for a member, the RAM user they manage (picked from the existing RAM
 * users). The phone and the password change through their own verified flows.
 */
export function EditOperatorDialog({
  operator,
  ramUserField,
  onClose,
}: {
  operator: Operator;
  ramUserField: RamUserField;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditValues>();
  const update = useUpdateOperator();
  const requestTicket = useRequestTicket();
  const role = Form.useWatch('role', form) ?? operator.role;

  // One verified change: a new role (with the RAM user a member needs), else a new RAM user. The
  // dialog stays open behind the Phone Verification dialog; nothing changed closes it.
  const submit = async (values: EditValues) => {
    const roleChanged = values.role !== operator.role;
    const ramUserChanged =
      values.role === 'member' && values.ramUserName !== (operator.ramUserName ?? undefined);
    if (!roleChanged && !ramUserChanged) {
      onClose();
      return;
    }
    const action = roleChanged ? 'UpdateOperatorRole' : 'UpdateOperatorRamUser';
    const ticket = await requestTicket({ action, operator: operator.username });
    if (ticket === null) return;
    try {
      await update.mutateAsync({
        username: operator.username,
        ticket,
        ...(roleChanged ? { role: values.role } : {}),
        ...(values.role === 'member' ? { ramUserName: values.ramUserName } : {}),
      });
      onClose();
    } catch {
      // Shown below.
    }
  };

  return (
    <Modal
      open
      title={t('operators.editTitle', { username: operator.username })}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      onOk={form.submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<EditValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ role: operator.role, ramUserName: operator.ramUserName ?? undefined }}
      >
        <Form.Item name="role" label={t('operators.role')} required>
          <Select
            options={[
              { value: 'admin', label: t('operators.admin') },
              { value: 'member', label: t('operators.member') },
            ]}
          />
        </Form.Item>
        {role === 'member' ? (
          <Form.Item
            name="ramUserName"
            label={t('operators.ramUser')}
            extra={t('operators.ramUserHelp')}
            rules={[zodRule(RamUserName, t('validation.ramUserRequired'), true)]}
          >
            {ramUserField({})}
          </Form.Item>
        ) : (
          <Typography.Paragraph type="secondary">{t('operators.adminHelp')}</Typography.Paragraph>
        )}
      </Form>
      <ApiErrorAlert error={update.error} />
    </Modal>
  );
}
