import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header';
import { AuditEventsView } from '../../features/audit/components/audit-events-view';

export function AuditRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('audit.title')} />
      <AuditEventsView />
    </>
  );
}
