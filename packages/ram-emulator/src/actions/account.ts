import type { ActionDef } from './context.js';

const GetAccountAlias: ActionDef = {
  permission: 'read',
  handler: (ctx) => ({ AccountAlias: ctx.settings.accountAlias }),
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

export const accountActions = { GetAccountAlias };
export const stsActions = { GetCallerIdentity };
