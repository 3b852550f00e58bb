import { queryOptions, useQuery } from '@tanstack/react-query';
import { DemoInboxResponse } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

export const getDemoInbox = () => api('/api/demo/inbox', { schema: DemoInboxResponse });

/**
 * Polls while the drawer is open, so a code sent a moment ago shows up without a click. Nothing
 * is kept once it closes (gcTime 0): reopened, it never shows an older list whose first code
 * would pass for the newest.
 */
export const demoInboxQueryOptions = () =>
  queryOptions({
    queryKey: ['demo', 'inbox'] as const,
    queryFn: getDemoInbox,
    refetchInterval: 1_000,
    staleTime: 0,
    gcTime: 0,
  });

/** Only while the drawer's content is mounted (it is destroyed when the drawer closes). */
export const useDemoInbox = () => useQuery(demoInboxQueryOptions());
