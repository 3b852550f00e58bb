import Alert from 'antd/es/alert';
import Space from 'antd/es/space';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header';
import { paths } from '../../config/paths';
import { AccessKeysPanel } from '../../features/access-keys/components/access-keys-panel';

/** The account's own AccessKeys ("Security Management"): admins only, after Security Tips. */
export function AccountAccessKeysRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader
        title={t('accountKeys.title')}
        breadcrumb={[{ title: t('accountKeys.breadcrumb') }, { title: t('accountKeys.title') }]}
      />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="warning" showIcon role="note" title={t('accountKeys.warning')} />
        <AccessKeysPanel keyPath={(id) => paths.accessKey(undefined, id)} />
      </Space>
    </>
  );
}
