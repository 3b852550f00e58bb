import { useMutation, useQueryClient } from '@tanstack/react-query';
import { EndSessionsResponse } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

/** Ends the operator's sessions (an admin's own current one stays). No ticket: it only takes access away. */
export const endOperatorSessions = (username: string) =>
  api(`/api/operators/${encodeURIComponent(username)}/sessions`, {
    method: 'DELETE',
    schema: EndSessionsResponse,
  });

export function useEndOperatorSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: endOperatorSessions,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['operators'] }),
  });
}
