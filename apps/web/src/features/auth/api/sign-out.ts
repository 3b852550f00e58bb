import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken, type Parser } from '../../../lib/api-client';
import { meQueryKey } from './get-me';

/** 200 `{endSessionUrl}` for an SSO session the provider can end too; 204 otherwise. */
const logoutAnswer: Parser<{ endSessionUrl: string } | undefined> = {
  parse: (raw) => {
    const url = (raw as { endSessionUrl?: unknown } | null)?.endSessionUrl;
    return typeof url === 'string' && /^https?:\/\//.test(url) ? { endSessionUrl: url } : undefined;
  },
};

export async function signOut(): Promise<{ endSessionUrl: string } | undefined> {
  return api('/api/auth/logout', { method: 'POST', schema: logoutAnswer });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSuccess: (answer) => {
      // The provider's own sign-out page, which sends the browser back to /sign-in.
      if (answer) window.location.assign(answer.endSessionUrl);
    },
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}
