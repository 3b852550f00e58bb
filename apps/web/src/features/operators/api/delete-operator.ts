import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

/** A verified action: the ticket is for DeleteOperator bound to this username. */
export const deleteOperator = ({ username, ticket }: { username: string; ticket: string }) =>
  api(`/api/operators/${encodeURIComponent(username)}`, { method: 'DELETE', ticket });

export function useDeleteOperator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteOperator,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['operators'] }),
  });
}
