import { queryOptions, useQuery } from '@tanstack/react-query';
import { ExpiredKeysResponse } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

export const getExpiredKeys = () =>
  api('/api/me/expired-access-keys', { schema: ExpiredKeysResponse });

export const expiredKeysQueryOptions = () =>
  queryOptions({ queryKey: ['me', 'expired-access-keys'], queryFn: getExpiredKeys });

export const useExpiredKeys = () => useQuery(expiredKeysQueryOptions());
