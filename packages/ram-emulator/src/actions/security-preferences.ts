import { InvalidValue } from '../errors.js';
import { parseRange } from '../network-policy.js';
import type { SecurityPreferences } from '../state/account-settings.js';
import type { ActionContext, ActionDef } from './context.js';

/** IMS Get/SetSecurityPreference: every field the reference lists (ims-api.md §3). */

const IDLE_DAYS = [90, 180, 365, 730];

function body(p: Readonly<SecurityPreferences>) {
  return {
    SecurityPreference: {
      AccessKeyPreference: {
        AllowUserToManageAccessKeys: p.allowUserToManageAccessKeys,
        AllowUserToManageServiceCredentials: p.allowUserToManageServiceCredentials,
      },
      LoginProfilePreference: {
        AllowUserToChangePassword: p.allowUserToChangePassword,
        AllowUserToLoginWithPasskey: p.allowUserToLoginWithPasskey,
        EnableSaveMFATicket: p.enableSaveMFATicket,
        LoginNetworkMasks: p.loginNetworkMasks,
        LoginSessionDuration: p.loginSessionDuration,
        MFAOperationForLogin: p.mfaOperationForLogin,
        OperationForRiskLogin: p.operationForRiskLogin,
      },
      MFAPreference: { AllowUserToManageMFADevices: p.allowUserToManageMFADevices },
      MaxIdleDays: {
        MaxIdleDaysForAccessKeys: p.maxIdleDaysForAccessKeys,
        MaxIdleDaysForUsers: p.maxIdleDaysForUsers,
      },
      PersonalInfoPreference: {
        AllowUserToManagePersonalDingTalk: p.allowUserToManagePersonalDingTalk,
      },
      VerificationPreference: { VerificationTypes: p.verificationTypes },
    },
  };
}

function bool(ctx: ActionContext, name: string, current: boolean): boolean {
  const raw = ctx.param(name);
  if (raw === undefined) return current;
  if (raw !== 'true' && raw !== 'false') throw new InvalidValue(name, 'must be true or false');
  return raw === 'true';
}

function oneOf<T extends string | number>(
  ctx: ActionContext,
  name: string,
  allowed: readonly T[],
  current: T,
): T {
  const raw = ctx.param(name);
  if (raw === undefined) return current;
  const value = allowed.find((a) => String(a) === raw);
  if (value === undefined) throw new InvalidValue(name, `must be one of ${allowed.join(', ')}`);
  return value;
}

/** `10.0.0.0/8;192.168.0.0/16`: at most 40 entries and 512 characters; '' clears it. */
function networkMasks(ctx: ActionContext, current: string): string {
  const raw = ctx.sent('LoginNetworkMasks');
  if (raw === undefined || raw === '') return raw ?? current;
  const entries = raw.split(';').filter((e) => e.trim() !== '');
  if (raw.length > 512 || entries.length > 40 || entries.some((e) => !parseRange(e)))
    throw new InvalidValue('LoginNetworkMasks', 'must be up to 40 IPs or CIDR blocks split by ;');
  return entries.map((e) => e.trim()).join(';');
}

function verificationTypes(ctx: ActionContext, current: string[]): string[] {
  const raw = ctx.param('VerificationTypes');
  if (raw === undefined) return current;
  let types: unknown;
  try {
    types = JSON.parse(raw);
  } catch {
    types = undefined;
  }
  if (!Array.isArray(types) || types.some((t) => t !== 'sms' && t !== 'email'))
    throw new InvalidValue('VerificationTypes', 'must be a JSON array of "sms" and "email"');
  return [...new Set(types as string[])];
}

function sessionDuration(ctx: ActionContext, current: number): number {
  const raw = ctx.param('LoginSessionDuration');
  if (raw === undefined) return current;
  const n = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= 24)) throw new InvalidValue('LoginSessionDuration', 'must be 1 to 24 hours');
  return n;
}

const GetSecurityPreference: ActionDef = {
  permission: 'read',
  handler: (ctx) => body(ctx.account.preferences),
};

const SetSecurityPreference: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const p = ctx.account.preferences;
    // EnforceMFAForLogin is the older spelling of MFAOperationForLogin (true = mandatory).
    const legacyMfa = ctx.param('EnforceMFAForLogin');
    const mfaDefault =
      legacyMfa === undefined
        ? p.mfaOperationForLogin
        : bool(ctx, 'EnforceMFAForLogin', false)
          ? 'mandatory'
          : 'independent';
    const next: SecurityPreferences = {
      allowUserToManageAccessKeys: bool(
        ctx,
        'AllowUserToManageAccessKeys',
        p.allowUserToManageAccessKeys,
      ),
      allowUserToManageServiceCredentials: bool(
        ctx,
        'AllowUserToManageServiceCredentials',
        p.allowUserToManageServiceCredentials,
      ),
      allowUserToChangePassword: bool(
        ctx,
        'AllowUserToChangePassword',
        p.allowUserToChangePassword,
      ),
      allowUserToLoginWithPasskey: bool(
        ctx,
        'AllowUserToLoginWithPasskey',
        p.allowUserToLoginWithPasskey,
      ),
      enableSaveMFATicket: bool(ctx, 'EnableSaveMFATicket', p.enableSaveMFATicket),
      loginNetworkMasks: networkMasks(ctx, p.loginNetworkMasks),
      loginSessionDuration: sessionDuration(ctx, p.loginSessionDuration),
      mfaOperationForLogin: oneOf(
        ctx,
        'MFAOperationForLogin',
        ['mandatory', 'independent', 'adaptive'] as const,
        mfaDefault,
      ),
      operationForRiskLogin: oneOf(
        ctx,
        'OperationForRiskLogin',
        ['autonomous', 'enforceVerify'] as const,
        p.operationForRiskLogin,
      ),
      allowUserToManageMFADevices: bool(
        ctx,
        'AllowUserToManageMFADevices',
        p.allowUserToManageMFADevices,
      ),
      allowUserToManagePersonalDingTalk: bool(
        ctx,
        'AllowUserToManagePersonalDingTalk',
        p.allowUserToManagePersonalDingTalk,
      ),
      maxIdleDaysForAccessKeys: oneOf(
        ctx,
        'MaxIdleDaysForAccessKeys',
        IDLE_DAYS,
        p.maxIdleDaysForAccessKeys,
      ),
      maxIdleDaysForUsers: oneOf(ctx, 'MaxIdleDaysForUsers', IDLE_DAYS, p.maxIdleDaysForUsers),
      verificationTypes: verificationTypes(ctx, p.verificationTypes),
    };
    ctx.account.setPreferences(next);
    return body(next);
  },
};

export const securityPreferenceActions = { GetSecurityPreference, SetSecurityPreference };
