import { useMutation, useQueryClient } from '@tanstack/react-query';
import { OperatorResponse, type CreateOperatorRequest } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

/** A verified action: the ticket is for CreateOperator bound to this new username. */
export const createOperator = ({ ticket, ...body }: CreateOperatorRequest & { ticket: string }) =>
  api('/api/operators', { method: 'POST', body, ticket, schema: OperatorResponse });

export function useCreateOperator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createOperator,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['operators'] }),
  });
}
