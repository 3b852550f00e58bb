import { DAY_MS } from '../clock.js';
import {
  DeleteConflictUserAccessKey,
  DeleteConflictUserGroup,
  DeleteConflictUserLoginProfile,
  DeleteConflictUserMFADevice,
  DeleteConflictUserPolicy,
  EntityAlreadyExistsUser,
  InvalidValue,
  LimitExceededUser,
} from '../errors.js';
import { isoSeconds, newNumericId } from '../ids.js';
import type { UserRow } from '../state/store.js';
import { required, type ActionContext, type ActionDef } from './context.js';
import { findUser } from './principals.js';
import * as v from './validate.js';

export { findUser };

/** The user recycle bin: 30 days, at most 1,000 users (the oldest purged past that). */
export const USER_BIN_DAYS = 30;
export const USER_BIN_SIZE = 1000;

const userBody = (u: UserRow) => ({
  UserId: u.user_id,
  UserName: u.user_name,
  DisplayName: u.display_name,
  MobilePhone: u.mobile_phone,
  Email: u.email,
  Comments: u.comments,
  CreateDate: u.create_date,
  UpdateDate: u.update_date,
});

function newUserId(ctx: ActionContext): string {
  let id = newNumericId();
  while (id === ctx.settings.accountId || ctx.store.userIdTaken(id)) id = newNumericId();
  return id;
}

const CreateUser: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const name = v.userName(required(ctx, 'UserName'));
    const fields = {
      display_name: v.displayName(ctx.param('DisplayName')) ?? '',
      mobile_phone: v.mobilePhone(ctx.param('MobilePhone')) ?? '',
      email: v.email(ctx.param('Email')) ?? '',
      comments: v.comments(ctx.param('Comments')) ?? '',
    };
    const user = ctx.store.transaction(() => {
      if (ctx.store.getUser(name)) throw new EntityAlreadyExistsUser();
      if (ctx.store.countUsers() >= ctx.settings.maxUsers) throw new LimitExceededUser();
      const now = isoSeconds(ctx.settings.now());
      return ctx.store.insertUser({
        user_id: newUserId(ctx),
        user_name: name,
        ...fields,
        create_date: now,
        update_date: now,
      });
    });
    const { UpdateDate: _, ...created } = userBody(user);
    return { User: created };
  },
};

const GetUser: ActionDef = {
  permission: 'read',
  handler(ctx) {
    const user = findUser(ctx, required(ctx, 'UserName'));
    // The emulator has no console logins, so LastLoginDate is always empty.
    return { User: { ...userBody(user), LastLoginDate: '' } };
  },
};

/** An UpdateUser field: absent keeps it, an explicitly empty value clears it (Terraform sends ""). */
function changed(
  ctx: ActionContext,
  name: string,
  check: (value: string, name: string) => string | undefined,
  current: string,
): string {
  const sent = ctx.sent(name);
  if (sent === undefined) return current;
  return sent === '' ? '' : (check(sent, name) ?? current);
}

const UpdateUser: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const user = findUser(ctx, required(ctx, 'UserName'));
    const newName = ctx.param('NewUserName');
    const changes = {
      user_name: newName === undefined ? user.user_name : v.userName(newName, 'NewUserName'),
      display_name: changed(ctx, 'NewDisplayName', v.displayName, user.display_name),
      mobile_phone: changed(ctx, 'NewMobilePhone', v.mobilePhone, user.mobile_phone),
      email: changed(ctx, 'NewEmail', v.email, user.email),
      comments: changed(ctx, 'NewComments', v.comments, user.comments),
      update_date: isoSeconds(ctx.settings.now()),
    };
    if (changes.user_name !== user.user_name && ctx.store.getUser(changes.user_name))
      throw new EntityAlreadyExistsUser();
    ctx.store.updateUser(user.seq, changes);
    return { User: userBody({ ...user, ...changes }) };
  },
};

/** Anything still attached blocks the delete, in the order RAM checks (Terraform expects these). */
function deleteConflict(ctx: ActionContext, user: UserRow): Error | undefined {
  const { store } = ctx;
  if (store.countKeys(user.seq) > 0) return new DeleteConflictUserAccessKey();
  if (store.countPolicies(user.seq) > 0) return new DeleteConflictUserPolicy();
  if (store.extras.groupsOf(user.seq).length > 0) return new DeleteConflictUserGroup();
  if (store.extras.getLoginProfile(user.seq)) return new DeleteConflictUserLoginProfile();
  if (store.extras.mfaDeviceOf(user.seq)) return new DeleteConflictUserMFADevice();
  return undefined;
}

/** Deleting a user moves it to the user recycle bin for 30 days (its binned keys go with it). */
const DeleteUser: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const user = findUser(ctx, required(ctx, 'UserName'));
    const conflict = deleteConflict(ctx, user);
    if (conflict) throw conflict;
    const now = ctx.settings.now();
    ctx.store.transaction(() => {
      ctx.store.recycleUser(
        user.seq,
        isoSeconds(now),
        isoSeconds(new Date(now.getTime() + USER_BIN_DAYS * DAY_MS)),
      );
      ctx.store.trimUserBin(USER_BIN_SIZE);
    });
    return {};
  },
};

// Markers are opaque to callers; inside they are the creation sequence of the last user returned.
export const encodeMarker = (seq: number) => Buffer.from(`u${seq}`).toString('base64url');
export function decodeMarker(marker: string | undefined): number {
  if (marker === undefined) return 0;
  const m = /^u(\d{1,15})$/.exec(Buffer.from(marker, 'base64url').toString());
  if (!m) throw new InvalidValue('Marker', 'not a marker returned by a previous call');
  return Number(m[1]);
}

export function maxItems(raw: string | undefined, max = 1000, byDefault = 100): number {
  if (raw === undefined) return byDefault;
  const n = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= max))
    throw new InvalidValue('MaxItems', `must be an integer from 1 to ${max}`);
  return n;
}

const ListUsers: ActionDef = {
  permission: 'read',
  handler(ctx) {
    const limit = maxItems(ctx.param('MaxItems'));
    const rows = ctx.store.listUsers(decodeMarker(ctx.param('Marker')), limit + 1);
    const page = rows.slice(0, limit);
    const truncated = rows.length > limit;
    return {
      IsTruncated: truncated,
      ...(truncated ? { Marker: encodeMarker(page[page.length - 1]!.seq) } : {}),
      Users: { User: page.map(userBody) },
    };
  },
};

export const userActions = { CreateUser, GetUser, UpdateUser, DeleteUser, ListUsers };
