import { useMutation, useQueryClient } from '@tanstack/react-query';
import { OperatorResponse, type UpdateOperatorRequest } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

/**
 * One change per request, each its own verified action bound to the operator: `{role,
 * ramUserName?}` needs an UpdateOperatorRole ticket, `{ramUserName}` an UpdateOperatorRamUser one.
 */
export const updateOperator = ({
  username,
  ticket,
  ...body
}: UpdateOperatorRequest & { username: string; ticket: string }) =>
  api(`/api/operators/${encodeURIComponent(username)}`, {
    method: 'PATCH',
    body,
    ticket,
    schema: OperatorResponse,
  });

export function useUpdateOperator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateOperator,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['operators'] }),
  });
}
