import { PageHeader } from '../page-header';
import { CredentialReportView } from '../../features/credential-report/components/credential-report-view';

export function CredentialReportRoute() {
  return (
    <>
      <PageHeader />
      <CredentialReportView />
    </>
  );
}
