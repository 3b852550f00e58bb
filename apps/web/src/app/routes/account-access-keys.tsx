import Alert from 'antd/es/alert';
import Space from 'antd/es/space';
import { useTranslation } from 'react-i18next';
import { paths } from '../../config/paths';
import { AccessKeysPanel } from '../../features/access-keys/components/access-keys-panel';
import { PageHeader } from '../page-header';

/**
 * The account's own AccessKeys: "Security Management" (seeds 000–002), "AccessKey Management"
 * (003) or "AccessKey" (004), after the entry dialog. Admins only.
 */
export function AccountAccessKeysRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="warning" showIcon role="note" title={t('accountKeys.warning')} />
        <AccessKeysPanel keyPath={(id) => paths.accessKey(undefined, id)} />
      </Space>
    </>
  );
}
