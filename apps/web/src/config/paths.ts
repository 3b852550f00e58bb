/** The route table: every URL the console knows, in one place. */
export const paths = {
  signIn: '/sign-in',
  home: '/',
  accountAccessKeys: '/account/access-keys',
  users: '/users',
  user: (userName: string) => `/users/${encodeURIComponent(userName)}`,
  userAuthentication: (userName: string) =>
    `/users/${encodeURIComponent(userName)}?tab=authentication`,
  rotation: (userName: string) => `/users/${encodeURIComponent(userName)}/rotation`,
  credentialReport: '/reports/credentials',
  audit: '/audit',
  operators: '/operators',
} as const;
