import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SecurityPreferences } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

export const securityPreferencesQueryOptions = () =>
  queryOptions({
    queryKey: ['security-preferences'] as const,
    queryFn: () => api('/api/security-preferences', { schema: SecurityPreferences }),
  });

export const useSecurityPreferences = () => useQuery(securityPreferencesQueryOptions());

export function useSaveSecurityPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, ticket }: { body: SecurityPreferences; ticket: string | undefined }) =>
      api('/api/security-preferences', {
        method: 'PUT',
        body,
        ticket,
        schema: SecurityPreferences,
      }),
    onSuccess: (data) => queryClient.setQueryData(['security-preferences'], data),
    // The key tables' "RAM disables soon" flags follow the idle days.
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['security-preferences'] }),
        queryClient.invalidateQueries({ queryKey: ['users'] }),
      ]);
    },
  });
}
