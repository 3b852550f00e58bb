import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AccountRecycleBinResponse, UserRecycleBinResponse } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

const userBinPath = (userName: string) => `/api/users/${encodeURIComponent(userName)}/recycle-bin`;

export const userRecycleBinQueryOptions = (userName: string) =>
  queryOptions({
    queryKey: ['users', userName, 'recycle-bin'] as const,
    queryFn: () => api(userBinPath(userName), { schema: UserRecycleBinResponse }),
  });

export const accountRecycleBinQueryOptions = () =>
  queryOptions({
    queryKey: ['recycle-bin'] as const,
    queryFn: () => api('/api/recycle-bin', { schema: AccountRecycleBinResponse }),
  });

export const useUserRecycleBin = (userName: string) =>
  useQuery(userRecycleBinQueryOptions(userName));
export const useAccountRecycleBin = () => useQuery(accountRecycleBinQueryOptions());

export type BinAction =
  | { kind: 'restore-key'; userName: string; accessKeyId: string; ticket: string }
  | { kind: 'purge-key'; userName: string; accessKeyId: string; ticket: string }
  | { kind: 'restore-user'; userId: string; ticket: string }
  | { kind: 'purge-user'; userId: string; ticket: string };

function run(action: BinAction): Promise<void> {
  switch (action.kind) {
    case 'restore-key':
      return api(
        `${userBinPath(action.userName)}/${encodeURIComponent(action.accessKeyId)}/restore`,
        { method: 'POST', ticket: action.ticket },
      );
    case 'purge-key':
      return api(`${userBinPath(action.userName)}/${encodeURIComponent(action.accessKeyId)}`, {
        method: 'DELETE',
        ticket: action.ticket,
      });
    case 'restore-user':
      return api(`/api/recycle-bin/users/${encodeURIComponent(action.userId)}/restore`, {
        method: 'POST',
        ticket: action.ticket,
      });
    case 'purge-user':
      return api(`/api/recycle-bin/users/${encodeURIComponent(action.userId)}`, {
        method: 'DELETE',
        ticket: action.ticket,
      });
  }
}

/** Restore or Delete permanently; every bin, key list and user list may change. */
export function useRecycleBinAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['recycle-bin'] }),
        queryClient.invalidateQueries({ queryKey: ['users'] }),
        queryClient.invalidateQueries({ queryKey: ['account'] }),
      ]);
    },
  });
}
