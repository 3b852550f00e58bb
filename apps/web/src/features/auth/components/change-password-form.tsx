import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import { useTranslation } from 'react-i18next';
import { ChangeOwnPasswordRequest, OperatorPassword } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { zodRule } from '../../../lib/zod-rule';
import { useChangePassword } from '../api/change-password';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * Current password, new password twice. Used on the Change password page and for the forced
 * change at the first sign-in (`forced`), where it is the only thing the session may do.
 */
export function ChangePasswordForm({
  forced = false,
  onChanged,
}: {
  forced?: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();

  const submit = async ({ currentPassword, newPassword }: Values) => {
    try {
      await change.mutateAsync({ currentPassword, newPassword });
      form.resetFields();
      onChanged();
    } catch {
      // Shown below.
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      aria-label={t('password.formLabel')}
      style={{ maxWidth: 420 }}
    >
      {forced ? (
        <Alert
          type="warning"
          // Always there on this page: a note, not an alert announced as if it had just happened.
          role="note"
          showIcon
          title={t('password.forcedTitle')}
          description={t('password.forcedBody')}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[
          zodRule(
            ChangeOwnPasswordRequest.shape.currentPassword,
            t('password.currentRequired'),
            true,
          ),
        ]}
      >
        <Input.Password autoComplete="current-password" autoFocus />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.newHelp')}
        rules={[zodRule(OperatorPassword, t('validation.password'), true)]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('password.confirm')}
        required
        dependencies={['newPassword']}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, v) =>
              v && v === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <ApiErrorAlert error={change.error} />
      <Button type="primary" htmlType="submit" loading={change.isPending} style={{ marginTop: 16 }}>
        {t('password.submit')}
      </Button>
    </Form>
  );
}
