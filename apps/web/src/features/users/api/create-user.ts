import { useMutation, useQueryClient } from '@tanstack/react-query';
import { UserResponse, type CreateUserRequest } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

export const createUser = (body: CreateUserRequest) =>
  api('/api/users', { method: 'POST', body, schema: UserResponse });

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users', 'list'] }),
  });
}
