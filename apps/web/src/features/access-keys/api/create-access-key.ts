import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CreateAccessKeyResponse } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';
import { accessKeysPath, accessKeysQueryKey, type KeyOwner } from './keys-path';

export const createAccessKey = (owner: KeyOwner, ticket: string) =>
  api(accessKeysPath(owner), {
    method: 'POST',
    body: {},
    ticket,
    schema: CreateAccessKeyResponse,
  });

/**
 * The response carries the secret: `gcTime: 0` keeps it out of the mutation cache, and the caller
 * holds it only while the result dialog is open.
 */
export function useCreateAccessKey(owner: KeyOwner) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ticket: string) => createAccessKey(owner, ticket),
    gcTime: 0,
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessKeysQueryKey(owner) }),
  });
}
