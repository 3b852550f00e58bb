import { useState } from 'react';
import App from 'antd/es/app';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Checkbox from 'antd/es/checkbox';
import Descriptions from 'antd/es/descriptions';
import Modal from 'antd/es/modal';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import {
  ACCESS_KEY_CSV_FILE_NAME,
  ALIYUN_CLI_PROFILE_FILE_NAME,
  accountAccessKeyCsv,
  aliyunCliProfile,
  userAccessKeyCsv,
  type CreateAccessKeyResponse,
} from '@ram-console/contracts';
import { downloadText } from '../../../lib/download';

/**
 * The only moment the AccessKey Secret exists outside RAM. OK is gated on "I have saved the
 * AccessKey Secret"; any other way out asks first. The parent drops `created` on close.
 */
export function CreateResultDialog({
  created,
  forAccount,
  onClose,
}: {
  created: CreateAccessKeyResponse;
  forAccount: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [saved, setSaved] = useState(false);
  const { accessKeyId, accessKeySecret } = created.accessKey;

  const copy = async () => {
    const text = created.userPrincipalName
      ? `UserPrincipalName: ${created.userPrincipalName}\nAccessKey ID: ${accessKeyId}\nAccessKey Secret: ${accessKeySecret}`
      : `AccessKey ID: ${accessKeyId}\nAccessKey Secret: ${accessKeySecret}`;
    try {
      await navigator.clipboard.writeText(text);
      void message.success(t('result.copied'));
    } catch {
      void message.error(t('result.copyFailed'));
    }
  };

  const download = () => {
    let csv: string;
    try {
      csv =
        created.userPrincipalName && !forAccount
          ? userAccessKeyCsv(created.userPrincipalName, { accessKeyId, accessKeySecret })
          : accountAccessKeyCsv({ accessKeyId, accessKeySecret });
    } catch {
      // A credential that starts like a spreadsheet formula is never written altered (csv.ts).
      void message.error(t('result.csvRefused'));
      return;
    }
    downloadText(ACCESS_KEY_CSV_FILE_NAME, csv);
  };

  // The aliyun CLI's config.json with one AK profile, named after the RAM user.
  const downloadProfile = () => {
    const profileName =
      created.userPrincipalName && !forAccount
        ? created.userPrincipalName.split('@')[0]
        : 'default';
    downloadText(
      ALIYUN_CLI_PROFILE_FILE_NAME,
      aliyunCliProfile({ accessKeyId, accessKeySecret }, { profileName }),
      'application/json;charset=utf-8',
    );
  };

  const askToClose = () => {
    modal.confirm({
      title: t('result.closeTitle'),
      content: t('result.closeBody'),
      okText: t('result.closeAnyway'),
      okButtonProps: { danger: true },
      cancelText: t('result.goBack'),
      onOk: onClose,
    });
  };

  return (
    <Modal
      open
      title={forAccount ? t('result.titleAccount') : t('result.titleUser')}
      onCancel={askToClose}
      width={640}
      footer={
        <Button type="primary" disabled={!saved} onClick={onClose}>
          {t('common.ok')}
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="success" showIcon role="note" title={t('result.created')} />
        <Alert type="warning" showIcon role="note" title={t('result.onlyOnce')} />
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('result.details')}
        </Typography.Title>
        <Descriptions
          bordered
          column={1}
          size="small"
          items={[
            ...(created.userPrincipalName && !forAccount
              ? [
                  {
                    key: 'upn',
                    label: t('result.userPrincipalName'),
                    children: <Typography.Text code>{created.userPrincipalName}</Typography.Text>,
                  },
                ]
              : []),
            {
              key: 'id',
              label: t('accessKeys.accessKeyId'),
              children: <Typography.Text code>{accessKeyId}</Typography.Text>,
            },
            {
              key: 'secret',
              label: t('accessKeys.accessKeySecret'),
              children: <Typography.Text code>{accessKeySecret}</Typography.Text>,
            },
          ]}
        />
        <Space wrap>
          <Button onClick={copy}>{t('result.copy')}</Button>
          <Button onClick={download}>{t('result.downloadCsv')}</Button>
          <Button onClick={downloadProfile}>{t('cliProfile.download')}</Button>
        </Space>
        <Checkbox checked={saved} onChange={(e) => setSaved(e.target.checked)}>
          {t('result.saved')}
        </Checkbox>
      </Space>
    </Modal>
  );
}
