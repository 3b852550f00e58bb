import { useState } from 'react';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';

/** Deleting cannot be undone, so the operator types the AccessKey ID to say which one they mean. */
export function DeleteAccessKeyDialog({
  accessKeyId,
  pending,
  onConfirm,
  onCancel,
}: {
  accessKeyId: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === accessKeyId;
  return (
    <Modal
      open
      title={t('accessKeys.deleteTitle')}
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
          {t('accessKeys.delete')}
        </Button>,
      ]}
    >
      <Typography.Paragraph>{t('accessKeys.deleteBody', { id: accessKeyId })}</Typography.Paragraph>
      <Form layout="vertical" onFinish={() => matches && onConfirm()}>
        <Form.Item label={t('accessKeys.typeId')} htmlFor="delete-access-key-id">
          <Input
            id="delete-access-key-id"
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
