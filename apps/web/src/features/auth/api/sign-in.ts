import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LoginRequest } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';
import { getMe, meQueryKey } from './get-me';

export async function signIn(body: LoginRequest): Promise<void> {
  await api('/api/auth/login', { method: 'POST', body });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: LoginRequest) => {
      await signIn(body);
      return getMe();
    },
    onSuccess: (me) => {
      // A new session: nothing cached from a previous operator may survive.
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, me);
    },
  });
}
