import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateOperatorRequest } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

export const createOperator = (body: CreateOperatorRequest) =>
  api('/api/operators', { method: 'POST', body });

export function useCreateOperator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createOperator,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['operators'] }),
  });
}
