import { queryOptions, useQuery } from '@tanstack/react-query';
import { UserResponse } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

export const getUser = (userName: string) =>
  api(`/api/users/${encodeURIComponent(userName)}`, { schema: UserResponse });

export const userQueryOptions = (userName: string) =>
  queryOptions({
    queryKey: ['users', userName, 'detail'] as const,
    queryFn: () => getUser(userName),
  });

export const useUser = (userName: string) => useQuery(userQueryOptions(userName));
