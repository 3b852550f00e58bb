import { queryOptions, useQuery } from '@tanstack/react-query';
import { KeyUsageResponse } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

export interface UsageTarget {
  userName?: string | undefined;
  accessKeyId: string;
}

export const keyUsagePath = ({ userName, accessKeyId }: UsageTarget): string => {
  const key = encodeURIComponent(accessKeyId);
  return userName
    ? `/api/users/${encodeURIComponent(userName)}/access-keys/${key}/usage`
    : `/api/account/access-keys/${key}/usage`;
};

export const keyUsageQueryOptions = (target: UsageTarget) =>
  queryOptions({
    queryKey: ['key-usage', target.userName ?? null, target.accessKeyId] as const,
    queryFn: () => api(keyUsagePath(target), { schema: KeyUsageResponse }),
  });

/** Where the key was used: services and their source addresses (ActionTrail's record). */
export const useKeyUsage = (target: UsageTarget) => useQuery(keyUsageQueryOptions(target));
