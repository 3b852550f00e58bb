import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import { useTranslation } from 'react-i18next';
import { CreateUserRequest, DisplayName, RamUserName, type RamUser } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { zodRule } from '../../../lib/zod-rule';
import { useCreateUser } from '../api/create-user';

export function CreateUserDialog({
  open,
  accountAlias,
  onCreated,
  onCancel,
}: {
  open: boolean;
  accountAlias: string;
  onCreated: (user: RamUser) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateUserRequest>();
  const create = useCreateUser();

  const submit = async (values: CreateUserRequest) => {
    const body = CreateUserRequest.parse({ ...values, comments: values.comments || undefined });
    try {
      const { user } = await create.mutateAsync(body);
      form.resetFields();
      create.reset();
      onCreated(user);
    } catch {
      // Shown below.
    }
  };

  return (
    <Modal
      open={open}
      title={t('users.createTitle')}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={form.submit}
      onCancel={() => {
        create.reset();
        onCancel();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="userName"
          label={t('users.logonName')}
          extra={t('users.logonNameHelp')}
          rules={[zodRule(RamUserName, t('validation.userName'), true)]}
        >
          <Input autoComplete="off" suffix={`@${accountAlias}.onaliyun.com`} spellCheck={false} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[zodRule(DisplayName, t('validation.displayName'), true)]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="comments"
          label={t('users.comments')}
          rules={[{ max: 128, message: t('validation.comments') }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
      <ApiErrorAlert error={create.error} />
    </Modal>
  );
}
