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
    // A RAM user's key moves to RAM's recycle bin: that user's bin view changes too.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: accessKeysQueryKey(owner) }),
        owner.userName
          ? queryClient.invalidateQueries({ queryKey: ['users', owner.userName, 'recycle-bin'] })
          : null,
      ]),
  });
}
