import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ListAuditEventsResponse, type ListAuditEventsQuery } from '@ram-console/contracts';
import { api, apiUrl } from '../../../lib/api-client';

type Query = Omit<ListAuditEventsQuery, 'limit'> & { limit?: number | undefined };

const toParams = (q: Query) => ({
  operator: q.operator,
  action: q.action,
  targetOperator: q.targetOperator,
  ramUserName: q.ramUserName,
  outcome: q.outcome,
  from: q.from,
  to: q.to,
  cursor: q.cursor,
  limit: q.limit,
});

export const getAuditEvents = (query: Query) =>
  api('/api/audit-events', { schema: ListAuditEventsResponse, query: toParams(query) });

/** The same filters as the table, as a CSV download the API builds. */
export const auditEventsCsvUrl = (query: Query) =>
  apiUrl('/api/audit-events.csv', toParams({ ...query, cursor: undefined, limit: undefined }));

export const auditEventsQueryOptions = (query: Query) =>
  queryOptions({
    queryKey: ['audit-events', query] as const,
    queryFn: () => getAuditEvents(query),
    placeholderData: keepPreviousData,
  });

export const useAuditEvents = (query: Query) => useQuery(auditEventsQueryOptions(query));
