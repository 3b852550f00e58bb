import {
  EntityAlreadyExistsUser,
  EntityNotExistUser,
  EntityNotExistUserAccessKey,
  InvalidValue,
  LimitExceededUser,
  LimitExceededUserAccessKey,
  MissingParameter,
} from '../errors.js';
import { isoSeconds } from '../ids.js';
import type { BinKeyRow, BinUserRow } from '../state/store.js';
import { USER_KEY_LIMIT } from './access-keys.js';
import { required, type ActionContext, type ActionDef } from './context.js';
import { userPrincipalName } from './principals.js';
import { decodeMarker, encodeMarker, maxItems } from './users.js';

/**
 * IMS recycle bins (reference/ims-api.md §1): deleted RAM-user keys and deleted RAM users stay 30
 * days (purged on the business clock), restorable until then. Users are named by UserId here.
 */

/** Drops whatever is past its 30 days before any bin is read or changed. */
function purge(ctx: ActionContext): void {
  ctx.store.purgeExpired(isoSeconds(ctx.settings.now()));
}

/** A user seq by UserId, live or in the bin; a RAM user caller defaults to itself. */
function binOwner(ctx: ActionContext, needed: boolean): number | null {
  const userId = ctx.param('UserId');
  if (userId === undefined) {
    if (ctx.caller.kind === 'user') return ctx.caller.userSeq;
    if (needed) throw new MissingParameter('UserId');
    return null;
  }
  const seq = ctx.store.getUserById(userId)?.seq ?? ctx.store.getBinUser(userId)?.seq;
  if (seq === undefined) throw new EntityNotExistUser();
  return seq;
}

function binKey(ctx: ActionContext, owner: number | null): BinKeyRow {
  const id = required(ctx, 'UserAccessKeyId');
  const key = ctx.store.binKeys(owner).find((k) => k.access_key_id === id);
  if (!key) throw new EntityNotExistUserAccessKey();
  return key;
}

const binUserBody = (ctx: ActionContext, u: BinUserRow) => ({
  UserId: u.user_id,
  UserPrincipalName: userPrincipalName(ctx.settings, u.user_name),
  DisplayName: u.display_name,
  CreateDate: u.create_date,
  RecycleDate: u.recycle_date,
  DeleteDate: u.delete_date,
});

const ListAccessKeysInRecycleBin: ActionDef = {
  permission: 'read',
  handler(ctx) {
    purge(ctx);
    // Root without UserId: every RAM user's binned keys (a guess; the docs do not say).
    const keys = ctx.store.binKeys(binOwner(ctx, false));
    return {
      AccessKeys: {
        AccessKey: keys.map((k) => ({
          AccessKeyId: k.access_key_id,
          CreateDate: k.create_date,
          RecycleDate: k.recycle_date,
          DeleteDate: k.delete_date,
        })),
      },
    };
  },
};

const GetAccessKeyInfoInRecycleBin: ActionDef = {
  permission: 'read',
  handler(ctx) {
    purge(ctx);
    const key = binKey(ctx, ctx.caller.kind === 'user' ? ctx.caller.userSeq : null);
    return {
      AccessKey: {
        AccessKeyId: key.access_key_id,
        CreateDate: key.create_date,
        RecycleDate: key.recycle_date,
        DeleteDate: key.delete_date,
        UserId: key.user_id,
        UserPrincipalName: userPrincipalName(ctx.settings, key.user_name),
        UserRecycled: key.user_recycled === 1,
      },
    };
  },
};

/** Back to the user's keys with the status it had; the user must be live and below 2 keys. */
const RestoreAccessKeyFromRecycleBin: ActionDef = {
  permission: 'write',
  handler(ctx) {
    purge(ctx);
    const owner = binOwner(ctx, true)!;
    const key = binKey(ctx, owner);
    if (key.user_recycled === 1) throw new EntityNotExistUser();
    ctx.store.transaction(() => {
      if (ctx.store.countKeys(owner) >= USER_KEY_LIMIT) throw new LimitExceededUserAccessKey();
      ctx.store.restoreKey(key.access_key_id);
    });
    return {};
  },
};

const DeleteAccessKeyInRecycleBin: ActionDef = {
  permission: 'write',
  handler(ctx) {
    purge(ctx);
    const key = binKey(ctx, binOwner(ctx, true));
    ctx.store.purgeKey(key.access_key_id);
    return {};
  },
};

function binUser(ctx: ActionContext): BinUserRow {
  const user = ctx.store.getBinUser(required(ctx, 'UserId'));
  if (!user) throw new EntityNotExistUser();
  return user;
}

/** `UserPrincipalName eq <name>@<domain>`, the one filter the docs show. */
function filterByName(ctx: ActionContext): string | undefined {
  const filter = ctx.param('Filter');
  if (filter === undefined) return undefined;
  const m = /^UserPrincipalName eq (\S+)@(\S+)$/.exec(filter.trim());
  if (!m) throw new InvalidValue('Filter', 'must be "UserPrincipalName eq <name>@<domain>"');
  return m[1];
}

const ListUsersInRecycleBin: ActionDef = {
  permission: 'read',
  handler(ctx) {
    purge(ctx);
    const limit = maxItems(ctx.param('MaxItems'), 100);
    const name = filterByName(ctx);
    const after = decodeMarker(ctx.param('Marker'));
    const rows =
      name === undefined
        ? ctx.store.listBinUsers(after, limit + 1)
        : ctx.store
            .findBinUsersByName(name)
            .filter((u) => u.seq > after)
            .slice(0, limit + 1);
    const page = rows.slice(0, limit);
    const truncated = rows.length > limit;
    return {
      IsTruncated: truncated,
      ...(truncated ? { Marker: encodeMarker(page.at(-1)!.seq) } : {}),
      Users: { User: page.map((u) => binUserBody(ctx, u)) },
    };
  },
};

const GetUserInRecycleBin: ActionDef = {
  permission: 'read',
  handler(ctx) {
    purge(ctx);
    const keyId = ctx.param('UserAccessKeyId');
    if (keyId !== undefined && ctx.param('UserId') === undefined) {
      const key = ctx.store.binKeys(null).find((k) => k.access_key_id === keyId);
      const user = key ? ctx.store.getBinUserBySeq(key.user_seq!) : undefined;
      if (!user) throw new EntityNotExistUser();
      return { User: binUserBody(ctx, user) };
    }
    return { User: binUserBody(ctx, binUser(ctx)) };
  },
};

/** Back under its name; fails if a live user took the name meanwhile or the account is full. */
const RestoreUserFromRecycleBin: ActionDef = {
  permission: 'write',
  handler(ctx) {
    purge(ctx);
    const user = binUser(ctx);
    ctx.store.transaction(() => {
      if (ctx.store.getUser(user.user_name)) throw new EntityAlreadyExistsUser();
      if (ctx.store.countUsers() >= ctx.settings.maxUsers) throw new LimitExceededUser();
      ctx.store.restoreUser(user.seq);
    });
    return {};
  },
};

/** For good, with every key of the user. */
const DeleteUserInRecycleBin: ActionDef = {
  permission: 'write',
  handler(ctx) {
    purge(ctx);
    ctx.store.purgeBinUser(binUser(ctx).seq);
    return {};
  },
};

export const recycleBinActions = {
  ListAccessKeysInRecycleBin,
  GetAccessKeyInfoInRecycleBin,
  RestoreAccessKeyFromRecycleBin,
  DeleteAccessKeyInRecycleBin,
  ListUsersInRecycleBin,
  GetUserInRecycleBin,
  RestoreUserFromRecycleBin,
  DeleteUserInRecycleBin,
};
