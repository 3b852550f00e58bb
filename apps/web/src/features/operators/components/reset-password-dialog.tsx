import App from 'antd/es/app';
import Checkbox from 'antd/es/checkbox';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import { useTranslation } from 'react-i18next';
import { OperatorPassword, type Operator } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { useRequestTicket } from '../../../lib/verification';
import { zodRule } from '../../../lib/zod-rule';
import { useResetOperatorPassword } from '../api/operator-credentials';

interface Values {
  password: string;
  mustChangePassword: boolean;
}

/**
 * An admin sets an operator's password (a verified action bound to that operator); by default
 * the operator replaces it at the next sign-in. Their other sessions end.
 */
export function ResetPasswordDialog({
  operator,
  onClose,
}: {
  operator: Operator;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const reset = useResetOperatorPassword();
  const requestTicket = useRequestTicket();

  const submit = async (values: Values) => {
    const ticket = await requestTicket({
      action: 'ResetOperatorPassword',
      operator: operator.username,
    });
    if (ticket === null) return;
    try {
      await reset.mutateAsync({ username: operator.username, ticket, ...values });
      void message.success(t('operators.passwordReset', { username: operator.username }));
      onClose();
    } catch {
      // Shown below.
    }
  };

  return (
    <Modal
      open
      title={t('operators.resetPasswordTitle', { username: operator.username })}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={reset.isPending}
      onOk={form.submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ mustChangePassword: true }}
      >
        <Form.Item
          name="password"
          label={t('operators.newPassword')}
          rules={[zodRule(OperatorPassword, t('validation.password'), true)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="mustChangePassword" valuePropName="checked">
          <Checkbox>{t('operators.mustChangeAtNextSignIn')}</Checkbox>
        </Form.Item>
      </Form>
      <ApiErrorAlert error={reset.error} />
    </Modal>
  );
}
