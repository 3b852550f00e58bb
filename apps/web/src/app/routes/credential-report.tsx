import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header';
import { CredentialReportView } from '../../features/credential-report/components/credential-report-view';

export function CredentialReportRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('report.title')} />
      <CredentialReportView />
    </>
  );
}
