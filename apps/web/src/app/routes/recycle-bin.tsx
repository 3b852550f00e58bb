import { useTranslation } from 'react-i18next';
import { AccountRecycleBin } from '../../features/recycle-bin/components/recycle-bin-views';
import { PageHeader } from '../page-header';

/** RAM's recycle bin for the whole account: deleted RAM users and keys (admins). */
export function RecycleBinRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('recycleBin.title')} />
      <AccountRecycleBin />
    </>
  );
}
