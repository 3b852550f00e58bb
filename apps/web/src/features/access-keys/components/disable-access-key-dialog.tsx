import Button from 'antd/es/button';
import Modal from 'antd/es/modal';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';

/** Disabling needs no phone code: it is the emergency brake. */
export function DisableAccessKeyDialog({
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
  return (
    <Modal
      open
      title={t('accessKeys.disableTitle')}
      onCancel={onCancel}
      footer={[
        <Button key="cancel" onClick={onCancel}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" danger loading={pending} onClick={onConfirm}>
          {t('accessKeys.disable')}
        </Button>,
      ]}
    >
      <Typography.Paragraph>
        {t('accessKeys.disableBody', { id: accessKeyId })}
      </Typography.Paragraph>
    </Modal>
  );
}
