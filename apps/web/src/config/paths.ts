/** The route table: every URL the console knows, in one place. */
export const paths = {
  signIn: '/sign-in',
  /** Where an SSO sign-in without a session ends (contracts' SSO_PROBLEM_PAGE). */
  ssoProblem: '/sign-in/sso-problem',
  home: '/',
  accountAccessKeys: '/account/access-keys',
  users: '/users',
  user: (userName: string) => `/users/${encodeURIComponent(userName)}`,
  userAuthentication: (userName: string) =>
    `/users/${encodeURIComponent(userName)}?tab=authentication`,
  rotation: (userName: string) => `/users/${encodeURIComponent(userName)}/rotation`,
  /** A key's detail page: where it was used and its network restriction. */
  accessKey: (userName: string | undefined, accessKeyId: string) =>
    userName
      ? `/users/${encodeURIComponent(userName)}/access-keys/${encodeURIComponent(accessKeyId)}`
      : `/account/access-keys/${encodeURIComponent(accessKeyId)}`,
  recycleBin: '/recycle-bin',
  securitySettings: '/settings/security',
  credentialReport: '/reports/credentials',
  audit: '/audit',
  operators: '/operators',
  /** The signed-in operator's own password and sessions. */
  myAccount: '/my-account',
  /** The forced change of a generated or admin-set password (outside the console shell). */
  changePassword: '/change-password',
} as const;
