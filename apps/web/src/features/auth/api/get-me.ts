import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Me } from '@ram-console/contracts';
import { api, ApiRequestError, setCsrfToken, unparsed } from '../../../lib/api-client';

export const meQueryKey = ['auth', 'me'] as const;

/** The signed-in operator, or null when nobody is signed in. */
export async function getMe(): Promise<Me | null> {
  try {
    // The schemas load beside the request: the shell renders before zod is needed.
    const [{ Me: MeSchema }, raw] = await Promise.all([
      import('@ram-console/contracts'),
      api('/api/auth/me', { schema: unparsed }),
    ]);
    const me = MeSchema.parse(raw);
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export const meQueryOptions = () =>
  queryOptions({ queryKey: meQueryKey, queryFn: getMe, staleTime: Infinity });

export const useMe = () => useQuery(meQueryOptions());
