import { queryOptions, useQuery } from '@tanstack/react-query';
import { CredentialReport } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

export const CREDENTIAL_REPORT_CSV_URL = '/api/reports/credentials.csv';

export const getCredentialReport = () =>
  api('/api/reports/credentials', { schema: CredentialReport });

export const credentialReportQueryOptions = () =>
  queryOptions({ queryKey: ['reports', 'credentials'], queryFn: getCredentialReport });

export const useCredentialReport = () => useQuery(credentialReportQueryOptions());
