import { useState } from 'react';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';

/** Why a key exists, kept by the console (not RAM). No verification: it changes no credential. */
export function DescriptionDialog({
  accessKeyId,
  initial,
  pending,
  onSave,
  onCancel,
}: {
  accessKeyId: string;
  initial: string;
  pending: boolean;
  onSave: (description: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  const save = () => onSave(value.trim());
  return (
    <Modal
      open
      title={t('hygiene.descriptionTitle')}
      onCancel={onCancel}
      footer={[
        <Button key="cancel" onClick={onCancel}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={pending} onClick={save}>
          {t('common.ok')}
        </Button>,
      ]}
    >
      <Form layout="vertical" onFinish={save}>
        {/* Which key, first and labelled (it once trailed the help text on its own). */}
        <Typography.Paragraph id="access-key-description-id">
          <Typography.Text type="secondary">{t('accessKeys.accessKeyId')}</Typography.Text>{' '}
          <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
            {accessKeyId}
          </Typography.Text>
        </Typography.Paragraph>
        <Form.Item
          label={t('hygiene.description')}
          htmlFor="access-key-description"
          extra={t('hygiene.descriptionHelp')}
        >
          <Input
            id="access-key-description"
            aria-describedby="access-key-description-id"
            maxLength={200}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
