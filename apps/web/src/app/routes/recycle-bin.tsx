import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header';
import { AccountRecycleBin } from '../../features/recycle-bin/components/recycle-bin-views';

/** RAM's recycle bin for the whole account: deleted RAM users and keys (admins). */
export function RecycleBinRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader
        title={t('recycleBin.title')}
        breadcrumb={[{ title: t('nav.identities') }, { title: t('recycleBin.title') }]}
      />
      <AccountRecycleBin />
    </>
  );
}
