import { useState, type ReactNode } from 'react';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';

/**
 * A destructive action that cannot be undone: the operator types the exact name of what goes
 * (an AccessKey ID, a RAM user name) before the danger button wakes up.
 */
export function TypeToConfirmDialog({
  title,
  body,
  fieldLabel,
  fieldId,
  expected,
  confirmLabel,
  pending,
  onConfirm,
  onCancel,
}: {
  title: string;
  body: ReactNode;
  fieldLabel: string;
  fieldId: string;
  /** What must be typed, exactly (surrounding spaces are forgiven). */
  expected: string;
  confirmLabel: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === expected;
  return (
    <Modal
      open
      title={title}
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
          {confirmLabel}
        </Button>,
      ]}
    >
      <Typography.Paragraph>{body}</Typography.Paragraph>
      <Form layout="vertical" onFinish={() => matches && onConfirm()}>
        <Form.Item label={fieldLabel} htmlFor={fieldId}>
          <Input
            id={fieldId}
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
