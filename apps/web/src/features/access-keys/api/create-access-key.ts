import { useCallback, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { CreateAccessKeyResponse } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';
import { accessKeysPath, accessKeysQueryKey, type KeyOwner } from './keys-path';

export const createAccessKey = (owner: KeyOwner, ticket: string, description = '') =>
  api(accessKeysPath(owner), {
    method: 'POST',
    body: description ? { description } : {},
    ticket,
    schema: CreateAccessKeyResponse,
  });

/**
 * Not a TanStack mutation on purpose: the response carries the secret, and it must live nowhere
 * but the caller's state while the result dialog is open (no mutation cache, no devtools).
 */
export function useCreateAccessKey(owner: KeyOwner) {
  const queryClient = useQueryClient();
  const [isPending, setPending] = useState(false);
  const { userName } = owner;
  const create = useCallback(
    async (ticket: string, description?: string) => {
      setPending(true);
      try {
        return await createAccessKey({ userName }, ticket, description);
      } finally {
        setPending(false);
        void queryClient.invalidateQueries({ queryKey: accessKeysQueryKey({ userName }) });
      }
    },
    [queryClient, userName],
  );
  return { create, isPending };
}
