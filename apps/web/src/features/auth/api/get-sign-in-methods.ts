import { queryOptions, useQuery } from '@tanstack/react-query';
import { SignInMethods } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

/** What the sign-in page offers: SSO (OIDC_ISSUER set) and/or password sign-in (LOCAL_LOGIN). */
export const getSignInMethods = () => api('/api/auth/sign-in-methods', { schema: SignInMethods });

export const signInMethodsQueryOptions = () =>
  queryOptions({
    queryKey: ['auth', 'sign-in-methods'] as const,
    queryFn: getSignInMethods,
    staleTime: Infinity,
  });

export const useSignInMethods = () => useQuery(signInMethodsQueryOptions());
