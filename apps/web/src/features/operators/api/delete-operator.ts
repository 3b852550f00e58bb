import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

export const deleteOperator = (username: string) =>
  api(`/api/operators/${encodeURIComponent(username)}`, { method: 'DELETE' });

export function useDeleteOperator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteOperator,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['operators'] }),
  });
}
