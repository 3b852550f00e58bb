import { EntityNotExistUser, InvalidChars, InvalidFormat, InvalidLength } from '../errors.js';
import type { UserRow } from '../state/store.js';
import type { ActionContext, EmulatorSettings } from './context.js';
import * as v from './validate.js';

/**
 * How IMS names RAM users: `<user>@<AccountAlias>.onaliyun.com` (the account ID when the alias is
 * cleared; either domain is accepted), or by UserId in the recycle-bin actions.
 */

export function upnDomain(settings: EmulatorSettings): string {
  return `${settings.accountAlias || settings.accountId}.onaliyun.com`;
}

export const userPrincipalName = (settings: EmulatorSettings, userName: string): string =>
  `${userName}@${upnDomain(settings)}`;

export function findUser(ctx: ActionContext, name: string): UserRow {
  const user = ctx.store.getUser(v.userName(name));
  if (!user) throw new EntityNotExistUser();
  return user;
}

/** The user a UserPrincipalName names; unknown users and other accounts' domains are 404s. */
export function findUserByUpn(ctx: ActionContext, upn: string): UserRow {
  if (upn.length > 128) throw new InvalidLength('UserPrincipalName');
  const at = upn.lastIndexOf('@');
  if (at <= 0 || at === upn.length - 1) throw new InvalidFormat('UserPrincipalName');
  const name = upn.slice(0, at);
  const domain = upn.slice(at + 1).toLowerCase();
  if (name.length > 64) throw new InvalidLength('UserPrincipalName');
  if (!/^[A-Za-z0-9.\-_]+$/.test(name)) throw new InvalidChars('UserPrincipalName');
  const { accountAlias, accountId } = ctx.settings;
  const ours = [
    `${accountId}.onaliyun.com`,
    ...(accountAlias ? [`${accountAlias}.onaliyun.com`] : []),
  ];
  const user = ours.includes(domain) ? ctx.store.getUser(name) : undefined;
  if (!user) throw new EntityNotExistUser();
  return user;
}

export function findUserById(ctx: ActionContext, userId: string): UserRow {
  const user = /^\d{1,32}$/.test(userId) ? ctx.store.getUserById(userId) : undefined;
  if (!user) throw new EntityNotExistUser();
  return user;
}
