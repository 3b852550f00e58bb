import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AccessKeyStatus } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';
import { accessKeysPath, accessKeysQueryKey, type KeyOwner } from './keys-path';

export interface UpdateAccessKeyInput {
  accessKeyId: string;
  status: AccessKeyStatus;
  /** Needed to enable a key, not to disable one (the emergency brake). */
  ticket?: string | undefined;
}

export const updateAccessKey = (owner: KeyOwner, input: UpdateAccessKeyInput) =>
  api(`${accessKeysPath(owner)}/${encodeURIComponent(input.accessKeyId)}`, {
    method: 'PATCH',
    body: { status: input.status },
    ticket: input.ticket,
  });

export function useUpdateAccessKey(owner: KeyOwner) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateAccessKeyInput) => updateAccessKey(owner, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessKeysQueryKey(owner) }),
  });
}
