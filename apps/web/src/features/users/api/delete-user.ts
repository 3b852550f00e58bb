import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

export const deleteUser = (userName: string, ticket: string) =>
  api(`/api/users/${encodeURIComponent(userName)}`, { method: 'DELETE', ticket });

export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userName, ticket }: { userName: string; ticket: string }) =>
      deleteUser(userName, ticket),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
