import {
  EntityNotExistUserAccessKey,
  InvalidValue,
  LimitExceededUserAccessKey,
} from '../errors.js';
import { isoSeconds, newAccessKeyId, newAccessKeySecret } from '../ids.js';
import type { AccessKeyRow } from '../state/store.js';
import { required, type ActionContext, type ActionDef } from './context.js';
import { findUser } from './users.js';

export const USER_KEY_LIMIT = 2;
export const ACCOUNT_KEY_LIMIT = 5;

/**
 * Whose keys an AccessKey action works on: the named RAM user; without `UserName`, the caller
 * itself (its own keys for a RAM user, the account's keys for root). Returns a user seq or null
 * for the account.
 */
function keyOwner(ctx: ActionContext): number | null {
  const name = ctx.param('UserName');
  if (name !== undefined) return findUser(ctx, name).seq;
  return ctx.caller.userSeq;
}

function findKey(ctx: ActionContext, owner: number | null): AccessKeyRow {
  const key = ctx.store.getKey(required(ctx, 'UserAccessKeyId'), owner);
  if (!key) throw new EntityNotExistUserAccessKey();
  return key;
}

const CreateAccessKey: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const owner = keyOwner(ctx);
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
  },
};

const ListAccessKeys: ActionDef = {
  permission: 'read',
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
  handler(ctx) {
    const status = required(ctx, 'Status');
    if (status !== 'Active' && status !== 'Inactive')
      throw new InvalidValue('Status', 'must be Active or Inactive');
    const key = findKey(ctx, keyOwner(ctx));
    ctx.store.setKeyStatus(key.access_key_id, status);
    return {};
  },
};

// Deliberately no "disable first" rule: the API does not document one (DESIGN.md); the console UI has it.
const DeleteAccessKey: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const key = findKey(ctx, keyOwner(ctx));
    ctx.store.deleteKey(key.access_key_id);
    return {};
  },
};

const GetAccessKeyLastUsed: ActionDef = {
  permission: 'read',
  handler(ctx) {
    const key = findKey(ctx, keyOwner(ctx));
    // Never used → "" (see README: the SDK maps it to an empty string, no null handling needed).
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
