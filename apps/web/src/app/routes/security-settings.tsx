import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { NetworkPolicyEditor } from '../../features/network-policy/components/network-policy-editor';
import { SecurityPreferencesForm } from '../../features/security-preferences/components/security-preferences-form';
import { PageHeader } from '../page-header';

/** The account's AccessKey settings in RAM: security preferences and network restriction. */
export function SecuritySettingsRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('securityPreferences.title')} />
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <section aria-labelledby="security-preferences-title">
          <Typography.Title id="security-preferences-title" level={2} style={{ fontSize: 16 }}>
            {t('securityPreferences.accessKeyTitle')}
          </Typography.Title>
          <SecurityPreferencesForm />
        </section>
        <section aria-labelledby="account-policy-title">
          <Typography.Title id="account-policy-title" level={2} style={{ fontSize: 16 }}>
            {t('networkPolicy.accountTitle')}
          </Typography.Title>
          <NetworkPolicyEditor target={{}} />
        </section>
      </Space>
    </>
  );
}
