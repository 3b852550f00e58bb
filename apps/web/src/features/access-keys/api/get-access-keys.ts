import { queryOptions, useQuery } from '@tanstack/react-query';
import { ListAccessKeysResponse } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';
import { accessKeysPath, accessKeysQueryKey, type KeyOwner } from './keys-path';

export const getAccessKeys = (owner: KeyOwner) =>
  api(accessKeysPath(owner), { schema: ListAccessKeysResponse });

export const accessKeysQueryOptions = (owner: KeyOwner, opts: { staleTime?: number } = {}) =>
  queryOptions({
    queryKey: accessKeysQueryKey(owner),
    queryFn: () => getAccessKeys(owner),
    ...opts,
  });

export const useAccessKeys = (owner: KeyOwner, opts: { staleTime?: number } = {}) =>
  useQuery(accessKeysQueryOptions(owner, opts));
