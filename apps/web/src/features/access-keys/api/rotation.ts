import { useCallback } from 'react';
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
  | { kind: 'disable-old-key' }
  | { kind: 'delete-old-key'; ticket: string }
  | { kind: 'cancel' };

async function runStep(userName: string, step: Step): Promise<void> {
  const base = rotationPath(userName);
  switch (step.kind) {
    case 'start':
      return api(base, { method: 'POST' });
    case 'disable-old-key':
      return api(`${base}/disable-old-key`, { method: 'POST' });
    case 'delete-old-key':
      return api(`${base}/delete-old-key`, { method: 'POST', ticket: step.ticket });
    case 'cancel':
      return api(base, { method: 'DELETE' });
  }
}

/**
 * Step 1 is the normal verified create. Not a TanStack mutation, like the other create: the answer
 * carries the secret and must live nowhere but the caller's state (no mutation cache).
 */
export function useCreateRotationKey(userName: string) {
  const queryClient = useQueryClient();
  return useCallback(
    async (ticket: string, description: string): Promise<CreateAccessKeyResponse> => {
      try {
        return await api(`${rotationPath(userName)}/new-key`, {
          method: 'POST',
          body: description ? { description } : {},
          ticket,
          schema: CreateAccessKeyResponse,
        });
      } finally {
        void queryClient.invalidateQueries({ queryKey: rotationQueryKey(userName) });
        void queryClient.invalidateQueries({ queryKey: accessKeysQueryKey({ userName }) });
      }
    },
    [queryClient, userName],
  );
}

/** The other steps (no secret in their answers). */
export function useRotationStep(userName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (step: Step) => runStep(userName, step),
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: rotationQueryKey(userName) }),
        queryClient.invalidateQueries({ queryKey: accessKeysQueryKey({ userName }) }),
      ]);
    },
  });
}
