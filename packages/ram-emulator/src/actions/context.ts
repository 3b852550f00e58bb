import { MissingParameter } from '../errors.js';
import type { AccountSettings } from '../state/account-settings.js';
import type { Store } from '../state/store.js';

/** Who signed the request. `userSeq` is null for the account (root) itself. */
export interface Caller {
  accessKeyId: string;
  kind: 'root' | 'user';
  userSeq: number | null;
  userName: string | null;
  userId: string | null;
}

export interface EmulatorSettings {
  accountId: string;
  /** '' after ClearAccountAlias; UserPrincipalNames then use the account ID. */
  accountAlias: string;
  maxUsers: number;
  smsFlowControl: boolean;
  /** The business clock: dates in bodies, bins, idle days, SMS windows (see clock.ts). */
  now: () => Date;
  /** The real clock, for what a device outside computes from real time (TOTP codes). */
  realNow: () => Date;
}

export interface ActionContext {
  /** First value of a parameter; empty strings count as absent. */
  param(name: string): string | undefined;
  /** First value of a parameter as sent, '' included (UpdateUser clears a field with ''). */
  sent(name: string): string | undefined;
  caller: Caller;
  /** The caller's address as the emulator saw it (IPv4-mapped IPv6 shown as IPv4). */
  sourceIp: string;
  store: Store;
  account: AccountSettings;
  settings: EmulatorSettings;
}

export function required(ctx: ActionContext, name: string): string {
  const value = ctx.param(name);
  if (value === undefined) throw new MissingParameter(name);
  return value;
}

/**
 * Who may call an action: `read` = RAM Get… and List… actions, `write` = other RAM actions, `sms` =
 * SendSms, `trail` = ActionTrail queries, `any` = every authenticated caller (STS
 * GetCallerIdentity).
 */
export type Permission = 'read' | 'write' | 'sms' | 'trail' | 'any';

export interface ActionDef {
  permission: Permission;
  /**
   * An AccessKey action a RAM user may call on its own keys without any policy once the account's
   * security preference AllowUserToManageAccessKeys is on.
   */
  selfService?: boolean;
  handler: (ctx: ActionContext) => Record<string, unknown>;
}
