import { DAY_MS } from '../clock.js';
import {
  EntityNotExistUserAccessKey,
  InvalidValue,
  LimitExceededUserAccessKey,
} from '../errors.js';
import { isoSeconds, newAccessKeyId, newAccessKeySecret } from '../ids.js';
import type { AccessKeyRow } from '../state/store.js';
import { required, type ActionContext, type ActionDef } from './context.js';
import { findUser } from './principals.js';

export const USER_KEY_LIMIT = 2;
export const ACCOUNT_KEY_LIMIT = 5;
/** The AccessKey recycle bin: 30 days, at most 3 keys per RAM user (the oldest purged past that). */
export const KEY_BIN_DAYS = 30;
export const KEY_BIN_PER_USER = 3;

/** Whose keys: a user seq, or null for the account's own keys. */
export type KeyOwner = number | null;

/**
 * RAM 2015-05-01 names the owner by `UserName`; without it the caller acts on itself (its own
 * keys for a RAM user, the account's keys for root). IMS uses `UserPrincipalName` (ims.ts).
 */
function keyOwner(ctx: ActionContext): KeyOwner {
  const name = ctx.param('UserName');
  if (name !== undefined) return findUser(ctx, name).seq;
  return ctx.caller.userSeq;
}

export function findKey(ctx: ActionContext, owner: KeyOwner): AccessKeyRow {
  const key = ctx.store.getKey(required(ctx, 'UserAccessKeyId'), owner);
  if (!key) throw new EntityNotExistUserAccessKey();
  return key;
}

export function createKey(ctx: ActionContext, owner: KeyOwner) {
  const key = {
    access_key_id: newAccessKeyId(),
    access_key_secret: newAccessKeySecret(),
    user_seq: owner,
    status: 'Active' as const,
    create_date: isoSeconds(ctx.settings.now()),
  };
  ctx.store.transaction(() => {
    const limit = owner === null ? ACCOUNT_KEY_LIMIT : USER_KEY_LIMIT;
    if (ctx.store.countKeys(owner) >= limit) throw new LimitExceededUserAccessKey();
    ctx.store.insertKey(key);
  });
  return {
    AccessKey: {
      AccessKeyId: key.access_key_id,
      AccessKeySecret: key.access_key_secret,
      Status: key.status,
      CreateDate: key.create_date,
    },
  };
}

export function updateKeyStatus(ctx: ActionContext, owner: KeyOwner): void {
  const status = required(ctx, 'Status');
  if (status !== 'Active' && status !== 'Inactive')
    throw new InvalidValue('Status', 'must be Active or Inactive');
  const key = findKey(ctx, owner);
  ctx.store.setKeyStatus(key.access_key_id, status, isoSeconds(ctx.settings.now()));
}

/**
 * A RAM user's key goes to the recycle bin for 30 days (unusable there, restorable); the account's
 * own keys are deleted outright (reference/ims-api.md §1). Deliberately no "disable first" rule:
 * the API does not have one (reference §7); the console UI does.
 */
export function deleteKey(ctx: ActionContext, owner: KeyOwner): void {
  const key = findKey(ctx, owner);
  if (owner === null) return ctx.store.purgeKey(key.access_key_id);
  const now = ctx.settings.now();
  const purgeAt = new Date(now.getTime() + KEY_BIN_DAYS * DAY_MS);
  ctx.store.recycleKey(key, isoSeconds(now), isoSeconds(purgeAt), KEY_BIN_PER_USER);
}

const CreateAccessKey: ActionDef = {
  permission: 'write',
  selfService: true,
  handler: (ctx) => createKey(ctx, keyOwner(ctx)),
};

const ListAccessKeys: ActionDef = {
  permission: 'read',
  selfService: true,
  handler(ctx) {
    const keys = ctx.store.listKeys(keyOwner(ctx));
    return {
      AccessKeys: {
        AccessKey: keys.map((k) => ({
          AccessKeyId: k.access_key_id,
          Status: k.status,
          CreateDate: k.create_date,
        })),
      },
    };
  },
};

const UpdateAccessKey: ActionDef = {
  permission: 'write',
  selfService: true,
  handler(ctx) {
    updateKeyStatus(ctx, keyOwner(ctx));
    return {};
  },
};

const DeleteAccessKey: ActionDef = {
  permission: 'write',
  selfService: true,
  handler(ctx) {
    deleteKey(ctx, keyOwner(ctx));
    return {};
  },
};

const GetAccessKeyLastUsed: ActionDef = {
  permission: 'read',
  selfService: true,
  handler(ctx) {
    const key = findKey(ctx, keyOwner(ctx));
    // Never used → "" (see README: the SDK maps it to an empty string, no null handling needed).
    // RAM 2015-05-01 returns the date only; IMS adds the service.
    return { AccessKeyLastUsed: { LastUsedDate: key.last_used_date ?? '' } };
  },
};

export const accessKeyActions = {
  CreateAccessKey,
  ListAccessKeys,
  UpdateAccessKey,
  DeleteAccessKey,
  GetAccessKeyLastUsed,
};
