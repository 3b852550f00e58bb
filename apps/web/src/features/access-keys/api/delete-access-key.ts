import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { accessKeysPath, accessKeysQueryKey, type KeyOwner } from './keys-path';

export const deleteAccessKey = (owner: KeyOwner, accessKeyId: string, ticket: string) =>
  api(`${accessKeysPath(owner)}/${encodeURIComponent(accessKeyId)}`, {
    method: 'DELETE',
    ticket,
  });

export function useDeleteAccessKey(owner: KeyOwner) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ accessKeyId, ticket }: { accessKeyId: string; ticket: string }) =>
      deleteAccessKey(owner, accessKeyId, ticket),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessKeysQueryKey(owner) }),
  });
}
