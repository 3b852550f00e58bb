import { PageHeader } from '../page-header';
import { AuditEventsView } from '../../features/audit/components/audit-events-view';

export function AuditRoute() {
  return (
    <>
      <PageHeader />
      <AuditEventsView />
    </>
  );
}
