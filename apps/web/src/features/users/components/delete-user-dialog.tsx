import { useState } from 'react';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';

/** Deleting a RAM user takes its AccessKeys with it: the operator types the name to confirm. */
export function DeleteUserDialog({
  userName,
  pending,
  onConfirm,
  onCancel,
}: {
  userName: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === userName;
  return (
    <Modal
      open
      title={t('users.deleteTitle')}
      onCancel={onCancel}
      footer={[
        <Button key="cancel" onClick={onCancel}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger
          disabled={!matches}
          loading={pending}
          onClick={onConfirm}
        >
          {t('users.delete')}
        </Button>,
      ]}
    >
      <Typography.Paragraph>{t('users.deleteBody', { userName })}</Typography.Paragraph>
      <Form layout="vertical" onFinish={() => matches && onConfirm()}>
        <Form.Item label={t('users.typeName')} htmlFor="delete-user-name">
          <Input
            id="delete-user-name"
            value={typed}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setTyped(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
