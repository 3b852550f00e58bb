import type { ReactNode } from 'react';
import Checkbox from 'antd/es/checkbox';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Select from 'antd/es/select';
import { useTranslation } from 'react-i18next';
import {
  OperatorPassword,
  OperatorUsername,
  Phone,
  RamUserName,
  type CreateOperatorRequest,
} from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { useRequestTicket } from '../../../lib/verification';
import { zodRule } from '../../../lib/zod-rule';
import { useCreateOperator } from '../api/create-operator';

/** The app layer's picker of existing RAM users (another feature's data). */
export type RamUserField = (props: {
  id?: string;
  value?: string | null;
  onChange?: (userName: string) => void;
}) => ReactNode;

export function CreateOperatorDialog({
  open,
  onClose,
  ramUserField,
}: {
  open: boolean;
  onClose: () => void;
  ramUserField: RamUserField;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateOperatorRequest>();
  const create = useCreateOperator();
  const requestTicket = useRequestTicket();
  const role = Form.useWatch('role', form);

  // Adding an operator is a verified action bound to the new username: a stolen session alone
  // cannot add one. The dialog stays open behind the Phone Verification dialog.
  const submit = async (values: CreateOperatorRequest) => {
    const ticket = await requestTicket({ action: 'CreateOperator', operator: values.username });
    if (ticket === null) return;
    try {
      await create.mutateAsync({
        ...values,
        ramUserName: values.role === 'member' ? values.ramUserName : undefined,
        ticket,
      });
      create.reset();
      onClose();
    } catch {
      // Shown below.
    }
  };

  return (
    <Modal
      open={open}
      title={t('operators.createTitle')}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={form.submit}
      onCancel={() => {
        create.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ role: 'member', mustChangePassword: true }}
      >
        <Form.Item
          name="username"
          label={t('operators.username')}
          rules={[zodRule(OperatorUsername, t('validation.operatorUsername'), true)]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('operators.password')}
          rules={[zodRule(OperatorPassword, t('validation.password'), true)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('operators.phone')}
          rules={[zodRule(Phone, t('validation.phone'), true)]}
        >
          <Input autoComplete="off" inputMode="tel" />
        </Form.Item>
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
        ) : null}
        <Form.Item name="mustChangePassword" valuePropName="checked">
          <Checkbox>{t('operators.mustChangePassword')}</Checkbox>
        </Form.Item>
      </Form>
      <ApiErrorAlert error={create.error} />
    </Modal>
  );
}
