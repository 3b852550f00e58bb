import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header';
import { OperatorsView } from '../../features/operators/components/operators-view';
import { useSession } from '../session';

export function OperatorsRoute() {
  const { t } = useTranslation();
  const { operator } = useSession();
  return (
    <>
      <PageHeader title={t('operators.title')} />
      <OperatorsView self={operator.username} />
    </>
  );
}
