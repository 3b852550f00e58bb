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
 * What avatar → AccessKey opens before the main account's keys: "Security Tips" (seeds 000–002),
 * "Note" (003) or "Main Account AccessKey is not recommended" (004), in that generation's words.
 * Two ways out: the RAM users' AccessKeys (recommended) and the main account's, which needs the
 * risk acknowledged first in every generation.
 */
export function AccountKeyEntryDialog({
  open,
  canManageAccountKeys,
  onMainAccount,
  onRamUsers,
  onCancel,
}: {
  open: boolean;
  canManageAccountKeys: boolean;
  onMainAccount: () => void;
  onRamUsers: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { tf, shape } = useConsoleFlow();
  const [aware, setAware] = useState(false);
  const close = (next: () => void) => () => {
    setAware(false);
    next();
  };
  const mainAccount = (
    <Button key="main" disabled={!canManageAccountKeys || !aware} onClick={close(onMainAccount)}>
      {tf('mainAccount')}
    </Button>
  );
  const ramUsers = (
    <Button key="ram" type="primary" onClick={close(onRamUsers)}>
      {tf('ramUsers')}
    </Button>
  );
  return (
    <Modal
      open={open}
      title={tf('entryTitle')}
      onCancel={close(onCancel)}
      destroyOnHidden
      width={660}
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          {shape.mainAccountFirst ? [mainAccount, ramUsers] : [ramUsers, mainAccount]}
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="warning" showIcon role="note" title={tf('entryWarning')} />
        <Typography.Paragraph style={{ margin: 0 }}>{tf('entryBody')}</Typography.Paragraph>
        {canManageAccountKeys ? (
          <Checkbox checked={aware} onChange={(e) => setAware(e.target.checked)}>
            {t('entry.aware')}
          </Checkbox>
        ) : (
          <Typography.Text type="secondary">{t('entry.adminsOnly')}</Typography.Text>
        )}
      </Space>
    </Modal>
  );
}
