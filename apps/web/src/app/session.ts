import type { Me } from '@ram-console/contracts';
import { useMe } from '../features/auth/api/get-me';

/** The signed-in operator; only used below RequireOperator, which waits for it. */
export function useSession(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSession used outside RequireOperator');
  return data;
}
