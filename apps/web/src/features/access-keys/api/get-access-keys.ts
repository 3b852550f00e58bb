import { queryOptions, useQuery } from '@tanstack/react-query';
import { ListAccessKeysResponse } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';
import { accessKeysPath, accessKeysQueryKey, type KeyOwner } from './keys-path';

export const getAccessKeys = (owner: KeyOwner) =>
  api(accessKeysPath(owner), { schema: ListAccessKeysResponse });

export const accessKeysQueryOptions = (owner: KeyOwner) =>
  queryOptions({ queryKey: accessKeysQueryKey(owner), queryFn: () => getAccessKeys(owner) });

export const useAccessKeys = (owner: KeyOwner) => useQuery(accessKeysQueryOptions(owner));
