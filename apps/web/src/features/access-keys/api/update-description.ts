import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { accessKeysPath, accessKeysQueryKey, type KeyOwner } from './keys-path';

/** Description only: no ticket (it changes no credential); `''` removes it. */
export const updateDescription = (owner: KeyOwner, accessKeyId: string, description: string) =>
  api(`${accessKeysPath(owner)}/${encodeURIComponent(accessKeyId)}`, {
    method: 'PATCH',
    body: { description },
  });

export function useUpdateDescription(owner: KeyOwner) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ accessKeyId, description }: { accessKeyId: string; description: string }) =>
      updateDescription(owner, accessKeyId, description),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessKeysQueryKey(owner) }),
  });
}
