import { MissingParameter } from '../errors.js';
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
  accountAlias: string;
  maxUsers: number;
  smsFlowControl: boolean;
  now: () => Date;
}

export interface ActionContext {
  /** First value of a parameter; empty strings count as absent. */
  param(name: string): string | undefined;
  caller: Caller;
  store: Store;
  settings: EmulatorSettings;
}

export function required(ctx: ActionContext, name: string): string {
  const value = ctx.param(name);
  if (value === undefined) throw new MissingParameter(name);
  return value;
}

/**
 * Who may call an action: `read` = RAM Get… and List… actions, `write` = other RAM actions, `sms` = SendSms,
 * `any` = every authenticated caller (STS GetCallerIdentity).
 */
export type Permission = 'read' | 'write' | 'sms' | 'any';

export interface ActionDef {
  permission: Permission;
  handler: (ctx: ActionContext) => Record<string, unknown>;
}
