import { useState } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Checkbox from 'antd/es/checkbox';
import Modal from 'antd/es/modal';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';

/**
 * The Security Tips dialog behind avatar → AccessKey. Two ways out: the recommended one (RAM users'
 * AccessKeys) and the main account's keys, which needs the risk acknowledged first.
 */
export function SecurityTipsDialog({
  open,
  canManageAccountKeys,
  onContinue,
  onSubUsers,
  onCancel,
}: {
  open: boolean;
  canManageAccountKeys: boolean;
  onContinue: () => void;
  onSubUsers: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [aware, setAware] = useState(false);
  const close = (next: () => void) => () => {
    setAware(false);
    next();
  };
  return (
    <Modal
      open={open}
      title={t('securityTips.title')}
      onCancel={close(onCancel)}
      destroyOnHidden
      width={660}
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button disabled={!canManageAccountKeys || !aware} onClick={close(onContinue)}>
            {t('securityTips.continue')}
          </Button>
          <Button type="primary" onClick={close(onSubUsers)}>
            {t('securityTips.subUsers')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="warning" showIcon role="note" title={t('securityTips.warning')} />
        <Typography.Paragraph style={{ margin: 0 }}>{t('securityTips.body')}</Typography.Paragraph>
        <Typography.Paragraph style={{ margin: 0 }}>
          {t('securityTips.recommendation')}
        </Typography.Paragraph>
        {canManageAccountKeys ? (
          <Checkbox checked={aware} onChange={(e) => setAware(e.target.checked)}>
            {t('securityTips.aware')}
          </Checkbox>
        ) : (
          <Typography.Text type="secondary">{t('securityTips.adminsOnly')}</Typography.Text>
        )}
      </Space>
    </Modal>
  );
}
