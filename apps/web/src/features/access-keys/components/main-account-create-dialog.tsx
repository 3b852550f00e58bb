import { useState } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Checkbox from 'antd/es/checkbox';
import Modal from 'antd/es/modal';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { useConsoleFlow } from '../../../lib/console-flow';

/**
 * Seed 004's "Create Main Account AccessKey": before the phone verification of an account key, the
 * risk is acknowledged once more with the same checkbox and the same button as the entry dialog.
 */
export function MainAccountCreateDialog({
  onContinue,
  onCancel,
}: {
  onContinue: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { tf } = useConsoleFlow();
  const [aware, setAware] = useState(false);
  return (
    <Modal
      open
      title={t('mainAccountCreate.title')}
      onCancel={onCancel}
      width={600}
      footer={[
        <Button key="cancel" onClick={onCancel}>
          {t('common.cancel')}
        </Button>,
        <Button key="continue" type="primary" danger disabled={!aware} onClick={onContinue}>
          {tf('mainAccount')}
        </Button>,
      ]}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="warning" showIcon role="note" title={tf('entryWarning')} />
        <Typography.Paragraph style={{ margin: 0 }}>{tf('entryBody')}</Typography.Paragraph>
        <Checkbox checked={aware} onChange={(e) => setAware(e.target.checked)}>
          {t('entry.aware')}
        </Checkbox>
      </Space>
    </Modal>
  );
}
