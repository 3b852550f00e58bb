import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChangeOwnPasswordRequest } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';
import { getMe, meQueryKey } from './get-me';

/** The signed-in operator's own password; the API asks for the current one. */
export const changePassword = (body: ChangeOwnPasswordRequest) =>
  api('/api/auth/password', { method: 'POST', body });

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ChangeOwnPasswordRequest) => {
      await changePassword(body);
      // The session stays; a forced change is now done.
      return getMe();
    },
    onSuccess: (me) => {
      queryClient.setQueryData(meQueryKey, me);
      void queryClient.invalidateQueries({ queryKey: ['auth', 'sessions'] });
    },
  });
}
