import { OperatorsView } from '../../features/operators/components/operators-view';
import { RamUserPicker } from '../../features/users/components/ram-user-picker';
import { PageHeader } from '../page-header';
import { useSession } from '../session';

export function OperatorsRoute() {
  const { operator } = useSession();
  return (
    <>
      <PageHeader />
      <OperatorsView
        self={operator.username}
        ramUserField={(props) => <RamUserPicker {...props} />}
      />
    </>
  );
}
