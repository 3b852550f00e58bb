import { useState } from 'react';
import App from 'antd/es/app';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Checkbox from 'antd/es/checkbox';
import Descriptions from 'antd/es/descriptions';
import Modal from 'antd/es/modal';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import DownOutlined from '@ant-design/icons/es/icons/DownOutlined';
import RightOutlined from '@ant-design/icons/es/icons/RightOutlined';
import { useTranslation } from 'react-i18next';
import {
  ACCESS_KEY_CSV_FILE_NAME,
  ALIYUN_CLI_PROFILE_FILE_NAME,
  accountAccessKeyCsv,
  aliyunCliProfile,
  userAccessKeyCsv,
  type CreateAccessKeyResponse,
} from '@ram-console/contracts';
import { CopyButton } from '../../../components/copy-button';
import { useConsoleFlow } from '../../../lib/console-flow';
import { downloadText } from '../../../lib/download';

/**
 * The only moment the AccessKey Secret exists outside RAM, titled and worded as the console
 * generation does ("Create User AccessKey" with a collapsed "AccessKey Details" and "Save
 * AccessKey Information" for the account in seeds 000–002; "Create AccessKey" elsewhere). OK is
 * gated on "I have saved the AccessKey Secret" in every generation; any other way out asks first.
 * The parent drops `created` on close.
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
  const { tf, shape } = useConsoleFlow();
  const { message, modal } = App.useApp();
  const [saved, setSaved] = useState(false);
  const collapsible = forAccount && shape.accountDetailsCollapsed;
  const [detailsOpen, setDetailsOpen] = useState(!collapsible);
  const { accessKeyId, accessKeySecret } = created.accessKey;
  const upn = !forAccount ? created.userPrincipalName : null;

  const both = upn
    ? `UserPrincipalName: ${upn}\nAccessKey ID: ${accessKeyId}\nAccessKey Secret: ${accessKeySecret}`
    : `AccessKey ID: ${accessKeyId}\nAccessKey Secret: ${accessKeySecret}`;

  const download = () => {
    let csv: string;
    try {
      csv = upn
        ? userAccessKeyCsv(upn, { accessKeyId, accessKeySecret })
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
    downloadText(
      ALIYUN_CLI_PROFILE_FILE_NAME,
      aliyunCliProfile(
        { accessKeyId, accessKeySecret },
        { profileName: upn ? upn.split('@')[0]! : 'default' },
      ),
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

  const field = (label: string, value: string) => (
    <Space size="middle" wrap>
      <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
        {value}
      </Typography.Text>
      <CopyButton size="small" text={value} ariaLabel={t('copy.named', { what: label })} />
    </Space>
  );

  return (
    <Modal
      open
      title={forAccount ? tf('resultAccount') : tf('resultUser')}
      onCancel={askToClose}
      width={680}
      footer={
        <Button type="primary" disabled={!saved} onClick={onClose}>
          {t('common.ok')}
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="success" showIcon role="note" title={t('result.created')} />
        <Alert type="warning" showIcon role="note" title={t('result.onlyOnce')} />
        {collapsible ? (
          <Button
            type="link"
            style={{ paddingInline: 0, fontWeight: 600 }}
            aria-expanded={detailsOpen}
            aria-controls="access-key-details"
            icon={detailsOpen ? <DownOutlined aria-hidden /> : <RightOutlined aria-hidden />}
            onClick={() => setDetailsOpen((o) => !o)}
          >
            {t('result.details')}
          </Button>
        ) : (
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t('result.details')}
          </Typography.Title>
        )}
        {detailsOpen ? (
          <div id="access-key-details">
            <Descriptions
              bordered
              column={1}
              size="small"
              styles={{ label: { width: 170, whiteSpace: 'nowrap' } }}
              items={[
                ...(upn
                  ? [
                      {
                        key: 'upn',
                        label: t('result.userPrincipalName'),
                        children: field(t('result.userPrincipalName'), upn),
                      },
                    ]
                  : []),
                {
                  key: 'id',
                  label: t('accessKeys.accessKeyId'),
                  children: field(t('accessKeys.accessKeyId'), accessKeyId),
                },
                {
                  key: 'secret',
                  label: t('accessKeys.accessKeySecret'),
                  children: field(t('accessKeys.accessKeySecret'), accessKeySecret),
                },
              ]}
            />
          </div>
        ) : null}
        <Space wrap>
          <CopyButton text={both} />
          <Button onClick={download}>
            {forAccount ? tf('accountDownload') : t('result.downloadCsv')}
          </Button>
          <Button onClick={downloadProfile}>{t('cliProfile.download')}</Button>
        </Space>
        <Checkbox checked={saved} onChange={(e) => setSaved(e.target.checked)}>
          {t('result.saved')}
        </Checkbox>
      </Space>
    </Modal>
  );
}
