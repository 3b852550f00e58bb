import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ListSessionsResponse } from '@ram-console/contracts';
import { api, setCsrfToken } from '../../../lib/api-client';
import { meQueryKey } from './get-me';

const sessionsKey = ['auth', 'sessions'] as const;

export const getSessions = () => api('/api/auth/sessions', { schema: ListSessionsResponse });

export const sessionsQueryOptions = () =>
  queryOptions({ queryKey: sessionsKey, queryFn: getSessions });

export const useSessions = () => useQuery(sessionsQueryOptions());

/** Ends one of the operator's own sessions; ending the current one signs out. */
export const endSession = (id: string) =>
  api(`/api/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id }: { id: string; current: boolean }) => endSession(id),
    onSuccess: (_, { current }) => {
      if (current) {
        setCsrfToken(null);
        queryClient.clear();
        queryClient.setQueryData(meQueryKey, null);
        return;
      }
      void queryClient.invalidateQueries({ queryKey: sessionsKey });
    },
  });
}
