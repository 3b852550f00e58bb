import { queryOptions, useQuery } from '@tanstack/react-query';
import { DemoInboxResponse } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

export const getDemoInbox = () => api('/api/demo/inbox', { schema: DemoInboxResponse });

/** Polls while the drawer is open, so a code sent a moment ago shows up without a click. */
export const demoInboxQueryOptions = (open: boolean) =>
  queryOptions({
    queryKey: ['demo', 'inbox'] as const,
    queryFn: getDemoInbox,
    enabled: open,
    refetchInterval: open ? 1_000 : false,
    staleTime: 0,
  });

export const useDemoInbox = (open: boolean) => useQuery(demoInboxQueryOptions(open));
