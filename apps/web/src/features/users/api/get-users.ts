import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ListUsersResponse, type ListUsersQuery } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

export const getUsers = (query: ListUsersQuery) =>
  api('/api/users', {
    schema: ListUsersResponse,
    query: { marker: query.marker, maxItems: query.maxItems, q: query.q, sort: query.sort },
  });

export const usersQueryOptions = (query: ListUsersQuery) =>
  queryOptions({
    queryKey: ['users', 'list', query] as const,
    queryFn: () => getUsers(query),
    placeholderData: keepPreviousData,
  });

export const useUsers = (query: ListUsersQuery) => useQuery(usersQueryOptions(query));
