import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  NetworkPolicyDryRunResponse,
  NetworkPolicyResponse,
  type NetworkPolicyRequest,
} from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

/**
 * Whose network restriction: one AccessKey (a RAM user's or, without `userName`, the account's)
 * or, without `accessKeyId`, the whole account's (every key without an Active policy of its own).
 */
export interface PolicyTarget {
  userName?: string | undefined;
  accessKeyId?: string | undefined;
}

export const networkPolicyPath = ({ userName, accessKeyId }: PolicyTarget): string => {
  if (!accessKeyId) return '/api/account/network-policy';
  const key = encodeURIComponent(accessKeyId);
  return userName
    ? `/api/users/${encodeURIComponent(userName)}/access-keys/${key}/network-policy`
    : `/api/account/access-keys/${key}/network-policy`;
};

export const networkPolicyQueryKey = ({ userName, accessKeyId }: PolicyTarget) =>
  ['network-policy', userName ?? null, accessKeyId ?? null] as const;

export const networkPolicyQueryOptions = (target: PolicyTarget) =>
  queryOptions({
    queryKey: networkPolicyQueryKey(target),
    queryFn: () => api(networkPolicyPath(target), { schema: NetworkPolicyResponse }),
  });

export const useNetworkPolicy = (target: PolicyTarget) =>
  useQuery(networkPolicyQueryOptions(target));

/** What the proposed list would block among the addresses recently seen (nothing is saved). */
export const dryRunNetworkPolicy = (target: PolicyTarget, body: NetworkPolicyRequest) =>
  api(`${networkPolicyPath(target)}/dry-run`, {
    method: 'POST',
    body,
    schema: NetworkPolicyDryRunResponse,
  });

export const useNetworkPolicyDryRun = (target: PolicyTarget) =>
  useMutation({ mutationFn: (body: NetworkPolicyRequest) => dryRunNetworkPolicy(target, body) });

export const saveNetworkPolicy = (
  target: PolicyTarget,
  body: NetworkPolicyRequest,
  ticket: string | undefined,
) =>
  api(networkPolicyPath(target), {
    method: 'PUT',
    body,
    ticket,
    schema: NetworkPolicyResponse,
  });

export function useSaveNetworkPolicy(target: PolicyTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, ticket }: { body: NetworkPolicyRequest; ticket: string | undefined }) =>
      saveNetworkPolicy(target, body, ticket),
    // Saving the account's policy changes what is in force for every key.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['network-policy'] }),
  });
}
