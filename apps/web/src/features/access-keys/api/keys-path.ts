/**
 * Whose AccessKeys: the account's own (no user name) or one RAM user's. The account's keys and a
 * RAM user's keys share every shape, so each endpoint file serves both.
 */
export type KeyOwner = { userName?: string | undefined };

export const accessKeysPath = ({ userName }: KeyOwner): string =>
  userName ? `/api/users/${encodeURIComponent(userName)}/access-keys` : '/api/account/access-keys';

export const accessKeysQueryKey = ({ userName }: KeyOwner) =>
  userName ? (['users', userName, 'access-keys'] as const) : (['account', 'access-keys'] as const);
