import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CreateAccessKeyResponse, RotationResponse } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';
import { accessKeysQueryKey } from './keys-path';

const rotationPath = (userName: string) => `/api/users/${encodeURIComponent(userName)}/rotation`;
export const rotationQueryKey = (userName: string) => ['users', userName, 'rotation'] as const;

export const getRotation = (userName: string) =>
  api(rotationPath(userName), { schema: RotationResponse });

/** Polled (every `pollMs`) only while the wizard waits for the new key to be adopted. */
export const rotationQueryOptions = (userName: string, pollMs: number) =>
  queryOptions({
    queryKey: rotationQueryKey(userName),
    queryFn: () => getRotation(userName),
    refetchInterval: (query) =>
      query.state.data?.rotation?.state === 'active' && query.state.data.rotation.step === 'adopt'
        ? pollMs
        : false,
    staleTime: 0,
  });

export const useRotation = (userName: string, pollMs: number) =>
  useQuery(rotationQueryOptions(userName, pollMs));

type Step =
  | { kind: 'start' }
  | { kind: 'new-key'; ticket: string; description: string }
  | { kind: 'disable-old-key' }
  | { kind: 'delete-old-key'; ticket: string }
  | { kind: 'cancel' };

async function runStep(userName: string, step: Step): Promise<CreateAccessKeyResponse | null> {
  const base = rotationPath(userName);
  switch (step.kind) {
    case 'start':
      await api(base, { method: 'POST' });
      return null;
    case 'new-key':
      return api(`${base}/new-key`, {
        method: 'POST',
        body: step.description ? { description: step.description } : {},
        ticket: step.ticket,
        schema: CreateAccessKeyResponse,
      });
    case 'disable-old-key':
      await api(`${base}/disable-old-key`, { method: 'POST' });
      return null;
    case 'delete-old-key':
      await api(`${base}/delete-old-key`, { method: 'POST', ticket: step.ticket });
      return null;
    case 'cancel':
      await api(base, { method: 'DELETE' });
      return null;
  }
}

/** One wizard step. The new-key answer carries the secret: `gcTime: 0`, held by the caller only. */
export function useRotationStep(userName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (step: Step) => runStep(userName, step),
    gcTime: 0,
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: rotationQueryKey(userName) }),
        queryClient.invalidateQueries({ queryKey: accessKeysQueryKey({ userName }) }),
      ]);
    },
  });
}
