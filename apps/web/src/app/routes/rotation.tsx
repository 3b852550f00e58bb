import { Navigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RotationWizard } from '../../features/access-keys/components/rotation-wizard';
import { CopyPolicyOffer } from '../../features/network-policy/components/copy-policy-offer';
import { homeFor } from '../guards';
import { PageHeader } from '../page-header';
import { useSession } from '../session';

/** /users/:userName/rotation — admins, or the member whose RAM user this is. */
export function RotationRoute() {
  const { t } = useTranslation();
  const { userName = '' } = useParams();
  const { operator } = useSession();
  const isAdmin = operator.role === 'admin';
  if (!isAdmin && userName !== operator.ramUserName) {
    return <Navigate to={homeFor(operator)} replace />;
  }
  return (
    <>
      <PageHeader title={t('rotation.title', { userName })} />
      <RotationWizard
        userName={userName}
        newKeyExtras={(oldId, newId) => (
          <CopyPolicyOffer userName={userName} fromAccessKeyId={oldId} toAccessKeyId={newId} />
        )}
      />
    </>
  );
}
