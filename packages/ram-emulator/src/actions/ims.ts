import { MAX_IP_ITEMS, MAX_STATEMENTS, parsePolicy, serializePolicy } from '../network-policy.js';
import { required, type ActionContext, type ActionDef } from './context.js';
import {
  ACCOUNT_KEY_LIMIT,
  USER_KEY_LIMIT,
  createKey,
  deleteKey,
  findKey,
  updateKeyStatus,
  type KeyOwner,
} from './access-keys.js';
import { findUserByUpn, upnDomain } from './principals.js';

/**
 * IMS 2019-08-15 AccessKey actions (reference/ims-api.md §2, §4, §5): the same keys as RAM's,
 * named by `UserPrincipalName` (empty = the caller), plus the last-used service and the network
 * access restriction policies.
 */

function imsKeyOwner(ctx: ActionContext): KeyOwner {
  const upn = ctx.param('UserPrincipalName');
  return upn === undefined ? ctx.caller.userSeq : findUserByUpn(ctx, upn).seq;
}

const CreateAccessKey: ActionDef = {
  permission: 'write',
  selfService: true,
  handler: (ctx) => createKey(ctx, imsKeyOwner(ctx)),
};

const ListAccessKeys: ActionDef = {
  permission: 'read',
  selfService: true,
  handler(ctx) {
    const keys = ctx.store.listKeys(imsKeyOwner(ctx));
    return {
      AccessKeys: {
        AccessKey: keys.map((k) => ({
          AccessKeyId: k.access_key_id,
          Status: k.status,
          CreateDate: k.create_date,
          UpdateDate: k.update_date ?? k.create_date,
        })),
      },
    };
  },
};

const UpdateAccessKey: ActionDef = {
  permission: 'write',
  selfService: true,
  handler(ctx) {
    updateKeyStatus(ctx, imsKeyOwner(ctx));
    return {};
  },
};

const DeleteAccessKey: ActionDef = {
  permission: 'write',
  selfService: true,
  handler(ctx) {
    deleteKey(ctx, imsKeyOwner(ctx));
    return {};
  },
};

const GetAccessKeyLastUsed: ActionDef = {
  permission: 'read',
  selfService: true,
  handler(ctx) {
    const key = findKey(ctx, imsKeyOwner(ctx));
    return {
      AccessKeyLastUsed: {
        LastUsedDate: key.last_used_date ?? '',
        ServiceName: key.last_used_service ?? '',
      },
    };
  },
};

const GetAccessKeyPolicy: ActionDef = {
  permission: 'read',
  handler(ctx) {
    const key = findKey(ctx, imsKeyOwner(ctx));
    return {
      AccessKeyId: key.access_key_id,
      AccessKeyPolicy: key.policy ?? serializePolicy(null),
    };
  },
};

// There is no delete: `{"Status":"Inactive","Statements":[]}` resets a policy; `{}` is refused.
const SetAccessKeyPolicy: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const key = findKey(ctx, imsKeyOwner(ctx));
    const policy = serializePolicy(parsePolicy(required(ctx, 'AccessKeyPolicy')));
    ctx.store.setKeyPolicy(key.access_key_id, policy);
    return { AccessKeyId: key.access_key_id, AccessKeyPolicy: policy };
  },
};

const GetAccessKeyPolicyForAccount: ActionDef = {
  permission: 'read',
  handler: (ctx) => ({ AccessKeyPolicy: serializePolicy(ctx.account.accessKeyPolicy) }),
};

const SetAccessKeyPolicyForAccount: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const policy = parsePolicy(required(ctx, 'AccessKeyPolicy'));
    ctx.account.setAccessKeyPolicy(policy);
    return { AccessKeyPolicy: serializePolicy(policy) };
  },
};

/** The domain of the account's UserPrincipalNames: `<alias, else the account ID>.onaliyun.com`. */
const GetDefaultDomain: ActionDef = {
  permission: 'read',
  handler: (ctx) => ({ DefaultDomainName: upnDomain(ctx.settings) }),
};

const GetAccountSummary: ActionDef = {
  permission: 'read',
  handler({ store, settings }) {
    const mfa = store.extras.countMfaDevices();
    return {
      SummaryMap: {
        Users: store.countUsers(),
        UsersQuota: settings.maxUsers,
        Groups: store.extras.countGroups(),
        GroupsQuota: 50,
        GroupsPerUserQuota: 5,
        Roles: 0,
        RolesQuota: 1000,
        Policies: store.extras.countPolicies(),
        PoliciesQuota: 1500,
        PolicySizeQuota: 6144,
        VersionsPerPolicyQuota: 5,
        AttachedPoliciesPerUserQuota: 5,
        AttachedPoliciesPerGroupQuota: 5,
        AttachedPoliciesPerRoleQuota: 5,
        AttachedSystemPoliciesPerUserQuota: 20,
        AttachedSystemPoliciesPerGroupQuota: 20,
        AttachedSystemPoliciesPerRoleQuota: 20,
        AccessKeysPerUserQuota: USER_KEY_LIMIT,
        AccountAccessKeysPerAccountQuota: ACCOUNT_KEY_LIMIT,
        MFADevices: mfa.total,
        MFADevicesInUse: mfa.inUse,
        VirtualMFADevicesQuota: 1000,
        ConditionsPerAKPolicyQuota: MAX_STATEMENTS,
        IPItemsPerAKPolicyQuota: MAX_IP_ITEMS,
      },
    };
  },
};

export const imsAccessKeyActions = {
  CreateAccessKey,
  ListAccessKeys,
  UpdateAccessKey,
  DeleteAccessKey,
  GetAccessKeyLastUsed,
  GetAccessKeyPolicy,
  SetAccessKeyPolicy,
  GetAccessKeyPolicyForAccount,
  SetAccessKeyPolicyForAccount,
  GetDefaultDomain,
  GetAccountSummary,
};
