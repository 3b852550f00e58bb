import {
  DeleteConflictPolicyUser,
  EntityAlreadyExistsPolicy,
  EntityAlreadyExistsUserPolicy,
  EntityNotExistPolicy,
  EntityNotExistUserPolicy,
  IncorrectParameter,
  InvalidChars,
  InvalidLength,
  InvalidValue,
} from '../errors.js';
import { isoSeconds } from '../ids.js';
import { required, type ActionContext, type ActionDef, type Permission } from './context.js';
import { findUser } from './principals.js';

/** The system policies the emulator knows, and which permission classes each grants. */
export const SYSTEM_POLICIES: Record<
  string,
  { description: string; grants: ReadonlySet<Permission> }
> = {
  AdministratorAccess: {
    description: 'Provides full access to Alibaba Cloud services and resources.',
    grants: new Set(['read', 'write', 'sms', 'trail']),
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
  AliyunActionTrailFullAccess: {
    description: 'Provides full access to ActionTrail via Management Console.',
    grants: new Set(['trail']),
  },
  AliyunActionTrailReadOnlyAccess: {
    description: 'Provides read-only access to ActionTrail via Management Console.',
    grants: new Set(['trail']),
  },
};

const POLICY_NAME = /^[A-Za-z0-9-]+$/;
const MAX_DOCUMENT = 6144;

function policyType(ctx: ActionContext): 'System' | 'Custom' {
  const type = required(ctx, 'PolicyType');
  if (type !== 'System' && type !== 'Custom') throw new IncorrectParameter('PolicyType');
  return type;
}

/** A policy that exists under that type; custom policies grant nothing here (README). */
function existingPolicy(ctx: ActionContext): { name: string; type: 'System' | 'Custom' } {
  const name = required(ctx, 'PolicyName');
  const type = policyType(ctx);
  const exists =
    type === 'System'
      ? Object.hasOwn(SYSTEM_POLICIES, name)
      : ctx.store.extras.getPolicy(name) !== undefined;
  if (!exists) throw new EntityNotExistPolicy();
  return { name, type };
}

function description(ctx: ActionContext, name: string, type: string): string {
  if (type === 'System') return SYSTEM_POLICIES[name]?.description ?? '';
  return ctx.store.extras.getPolicy(name)?.description ?? '';
}

const AttachPolicyToUser: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const policy = existingPolicy(ctx);
    const user = findUser(ctx, required(ctx, 'UserName'));
    if (ctx.store.policyNames(user.seq).includes(policy.name))
      throw new EntityAlreadyExistsUserPolicy();
    ctx.store.attachPolicy(user.seq, policy.name, policy.type, isoSeconds(ctx.settings.now()));
    return {};
  },
};

const DetachPolicyFromUser: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const policy = existingPolicy(ctx);
    const user = findUser(ctx, required(ctx, 'UserName'));
    if (!ctx.store.detachPolicy(user.seq, policy.name)) throw new EntityNotExistUserPolicy();
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
          Description: description(ctx, p.policy_name, p.policy_type),
          DefaultVersion: 'v1',
          AttachDate: p.attach_date,
        })),
      },
    };
  },
};

/** A JSON object with `Version` and a `Statement` array: the shape RAM checks first. */
function policyDocument(ctx: ActionContext): string {
  const raw = required(ctx, 'PolicyDocument');
  if (raw.length > MAX_DOCUMENT) throw new InvalidLength('PolicyDocument');
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    doc = undefined;
  }
  const d = doc as { Version?: unknown; Statement?: unknown } | undefined;
  if (!d || typeof d !== 'object' || d.Version === undefined || !Array.isArray(d.Statement))
    throw new InvalidValue('PolicyDocument', 'must be a JSON object with Version and Statement');
  return raw;
}

const CreatePolicy: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const name = required(ctx, 'PolicyName');
    if (name.length > 128) throw new InvalidLength('PolicyName');
    if (!POLICY_NAME.test(name)) throw new InvalidChars('PolicyName');
    const desc = ctx.param('Description') ?? '';
    if (desc.length > 1024) throw new InvalidLength('Description');
    const document = policyDocument(ctx);
    if (Object.hasOwn(SYSTEM_POLICIES, name) || ctx.store.extras.getPolicy(name))
      throw new EntityAlreadyExistsPolicy();
    const now = isoSeconds(ctx.settings.now());
    ctx.store.extras.insertPolicy({
      policy_name: name,
      description: desc,
      document,
      create_date: now,
    });
    return {
      Policy: {
        PolicyName: name,
        PolicyType: 'Custom',
        Description: desc,
        DefaultVersion: 'v1',
        CreateDate: now,
      },
    };
  },
};

const GetPolicy: ActionDef = {
  permission: 'read',
  handler(ctx) {
    const { name, type } = existingPolicy(ctx);
    const custom = type === 'Custom' ? ctx.store.extras.getPolicy(name) : undefined;
    const document =
      custom?.document ??
      JSON.stringify({
        Version: '1',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      });
    const created = custom?.create_date ?? '2015-04-28T08:00:00Z';
    return {
      Policy: {
        PolicyName: name,
        PolicyType: type,
        Description: description(ctx, name, type),
        DefaultVersion: 'v1',
        PolicyDocument: document,
        AttachmentCount: ctx.store.countAttachments(name),
        CreateDate: created,
        UpdateDate: custom?.update_date ?? created,
      },
      DefaultPolicyVersion: {
        VersionId: 'v1',
        IsDefaultVersion: true,
        PolicyDocument: document,
        CreateDate: created,
      },
    };
  },
};

/** Refused while attached, unless `CascadingDelete=true` detaches it everywhere first. */
const DeletePolicy: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const name = required(ctx, 'PolicyName');
    if (!ctx.store.extras.getPolicy(name)) throw new EntityNotExistPolicy();
    const cascade = ctx.param('CascadingDelete') === 'true';
    ctx.store.transaction(() => {
      if (ctx.store.countAttachments(name) > 0) {
        if (!cascade) throw new DeleteConflictPolicyUser();
        ctx.store.detachEverywhere(name);
      }
      ctx.store.extras.deletePolicy(name);
    });
    return {};
  },
};

export const policyActions = {
  AttachPolicyToUser,
  DetachPolicyFromUser,
  ListPoliciesForUser,
  CreatePolicy,
  GetPolicy,
  DeletePolicy,
};
