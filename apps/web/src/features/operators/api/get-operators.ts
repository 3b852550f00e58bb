import { queryOptions, useQuery } from '@tanstack/react-query';
import { ListOperatorsResponse } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

export const getOperators = () => api('/api/operators', { schema: ListOperatorsResponse });

export const operatorsQueryOptions = () =>
  queryOptions({ queryKey: ['operators'] as const, queryFn: getOperators });

export const useOperators = () => useQuery(operatorsQueryOptions());
