import { InvalidChars, InvalidLength } from '../errors.js';
import { required, type ActionDef } from './context.js';

/** The account itself: its alias and password policy, and STS's view of a caller. */

export const ACCOUNT_ALIAS_META = 'account_alias';

/** The password policy the emulator answers with (RAM's defaults are UNCONFIRMED; README). */
export const passwordPolicy = {
  body: {
    MinimumPasswordLength: 8,
    RequireLowercaseCharacters: true,
    RequireUppercaseCharacters: true,
    RequireNumbers: true,
    RequireSymbols: false,
    HardExpiry: false,
    MaxPasswordAge: 0,
    PasswordReusePrevention: 0,
    MaxLoginAttemps: 5,
  },
  /** What is wrong with a password under the policy, if anything. */
  check(password: string): string | undefined {
    const p = passwordPolicy.body;
    if (password.length < p.MinimumPasswordLength || password.length > 32)
      return `must be ${p.MinimumPasswordLength} to 32 characters`;
    if (p.RequireLowercaseCharacters && !/[a-z]/.test(password)) return 'needs a lowercase letter';
    if (p.RequireUppercaseCharacters && !/[A-Z]/.test(password)) return 'needs an uppercase letter';
    if (p.RequireNumbers && !/[0-9]/.test(password)) return 'needs a digit';
    return undefined;
  },
};

const GetAccountAlias: ActionDef = {
  permission: 'read',
  handler: (ctx) => ({ AccountAlias: ctx.settings.accountAlias }),
};

/** 3–32 of lowercase letters, digits and `-`, not starting or ending with `-`. */
const SetAccountAlias: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const alias = required(ctx, 'AccountAlias');
    if (alias.length < 3 || alias.length > 32) throw new InvalidLength('AccountAlias');
    if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(alias)) throw new InvalidChars('AccountAlias');
    ctx.store.setMeta(ACCOUNT_ALIAS_META, alias);
    ctx.settings.accountAlias = alias;
    return {};
  },
};

/** The alias becomes empty; UserPrincipalNames then use `<account ID>.onaliyun.com`. */
const ClearAccountAlias: ActionDef = {
  permission: 'write',
  handler(ctx) {
    ctx.store.setMeta(ACCOUNT_ALIAS_META, '');
    ctx.settings.accountAlias = '';
    return {};
  },
};

const GetPasswordPolicy: ActionDef = {
  permission: 'read',
  handler: () => ({ PasswordPolicy: passwordPolicy.body }),
};

/** STS 2015-04-01: which identity a key belongs to. */
const GetCallerIdentity: ActionDef = {
  permission: 'any',
  handler({ caller, settings: { accountId } }) {
    if (caller.kind === 'root') {
      return {
        IdentityType: 'Account',
        AccountId: accountId,
        UserId: accountId,
        PrincipalId: accountId,
        Arn: `acs:ram::${accountId}:root`,
      };
    }
    return {
      IdentityType: 'RAMUser',
      AccountId: accountId,
      UserId: caller.userId,
      PrincipalId: caller.userId,
      Arn: `acs:ram::${accountId}:user/${caller.userName}`,
    };
  },
};

export const accountActions = {
  GetAccountAlias,
  SetAccountAlias,
  ClearAccountAlias,
  GetPasswordPolicy,
};
export const stsActions = { GetCallerIdentity };
