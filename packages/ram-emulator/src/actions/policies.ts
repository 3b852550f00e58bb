import {
  EntityAlreadyExistsUserPolicy,
  EntityNotExistPolicy,
  EntityNotExistUserPolicy,
  InvalidValue,
} from '../errors.js';
import { isoSeconds } from '../ids.js';
import { required, type ActionContext, type ActionDef, type Permission } from './context.js';
import { findUser } from './users.js';

/** The system policies the emulator knows, and which permission classes each grants. */
export const SYSTEM_POLICIES: Record<
  string,
  { description: string; grants: ReadonlySet<Permission> }
> = {
  AdministratorAccess: {
    description: 'Provides full access to Alibaba Cloud services and resources.',
    grants: new Set(['read', 'write', 'sms']),
  },
  AliyunRAMFullAccess: {
    description: 'Provides full access to Resource Access Management (RAM) via Management Console.',
    // SendSms is granted too so a console running on a RAM user's key can send verification codes.
    grants: new Set(['read', 'write', 'sms']),
  },
  AliyunRAMReadOnlyAccess: {
    description:
      'Provides read-only access to Resource Access Management (RAM) via Management Console.',
    grants: new Set(['read']),
  },
  AliyunDysmsFullAccess: {
    description: 'Provides full access to Short Message Service (SMS) via Management Console.',
    grants: new Set(['sms']),
  },
};

function systemPolicy(ctx: ActionContext): string {
  const name = required(ctx, 'PolicyName');
  const type = required(ctx, 'PolicyType');
  if (type !== 'System' && type !== 'Custom')
    throw new InvalidValue('PolicyType', 'must be System or Custom');
  // No custom policies exist in the emulator.
  if (type !== 'System' || !Object.hasOwn(SYSTEM_POLICIES, name)) throw new EntityNotExistPolicy();
  return name;
}

const AttachPolicyToUser: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const policy = systemPolicy(ctx);
    const user = findUser(ctx, required(ctx, 'UserName'));
    if (ctx.store.policyNames(user.seq).includes(policy)) throw new EntityAlreadyExistsUserPolicy();
    ctx.store.attachPolicy(user.seq, policy, 'System', isoSeconds(ctx.settings.now()));
    return {};
  },
};

const DetachPolicyFromUser: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const policy = systemPolicy(ctx);
    const user = findUser(ctx, required(ctx, 'UserName'));
    if (!ctx.store.detachPolicy(user.seq, policy)) throw new EntityNotExistUserPolicy();
    return {};
  },
};

const ListPoliciesForUser: ActionDef = {
  permission: 'read',
  handler(ctx) {
    const user = findUser(ctx, required(ctx, 'UserName'));
    return {
      Policies: {
        Policy: ctx.store.listPolicies(user.seq).map((p) => ({
          PolicyName: p.policy_name,
          PolicyType: p.policy_type,
          Description: SYSTEM_POLICIES[p.policy_name]?.description ?? '',
          DefaultVersion: 'v1',
          AttachDate: p.attach_date,
        })),
      },
    };
  },
};

export const policyActions = { AttachPolicyToUser, DetachPolicyFromUser, ListPoliciesForUser };
