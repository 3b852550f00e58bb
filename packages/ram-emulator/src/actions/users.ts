import {
  DeleteConflictUserAccessKey,
  DeleteConflictUserPolicy,
  EntityAlreadyExistsUser,
  EntityNotExistUser,
  InvalidValue,
  LimitExceededUser,
} from '../errors.js';
import { isoSeconds, newNumericId } from '../ids.js';
import type { UserRow } from '../state/store.js';
import { required, type ActionContext, type ActionDef } from './context.js';
import * as v from './validate.js';

export function findUser(ctx: ActionContext, name: string): UserRow {
  const user = ctx.store.getUser(v.userName(name));
  if (!user) throw new EntityNotExistUser();
  return user;
}

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

const UpdateUser: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const user = findUser(ctx, required(ctx, 'UserName'));
    const newName = ctx.param('NewUserName');
    const changes = {
      user_name: newName === undefined ? user.user_name : v.userName(newName, 'NewUserName'),
      display_name:
        v.displayName(ctx.param('NewDisplayName'), 'NewDisplayName') ?? user.display_name,
      mobile_phone:
        v.mobilePhone(ctx.param('NewMobilePhone'), 'NewMobilePhone') ?? user.mobile_phone,
      email: v.email(ctx.param('NewEmail'), 'NewEmail') ?? user.email,
      comments: v.comments(ctx.param('NewComments'), 'NewComments') ?? user.comments,
      update_date: isoSeconds(ctx.settings.now()),
    };
    if (changes.user_name !== user.user_name && ctx.store.getUser(changes.user_name))
      throw new EntityAlreadyExistsUser();
    ctx.store.updateUser(user.seq, changes);
    return { User: userBody({ ...user, ...changes }) };
  },
};

const DeleteUser: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const user = findUser(ctx, required(ctx, 'UserName'));
    if (ctx.store.countKeys(user.seq) > 0) throw new DeleteConflictUserAccessKey();
    if (ctx.store.countPolicies(user.seq) > 0) throw new DeleteConflictUserPolicy();
    ctx.store.deleteUser(user.seq);
    return {};
  },
};

// Markers are opaque to callers; inside they are the creation sequence of the last user returned.
const encodeMarker = (seq: number) => Buffer.from(`u${seq}`).toString('base64url');
function decodeMarker(marker: string | undefined): number {
  if (marker === undefined) return 0;
  const m = /^u(\d{1,15})$/.exec(Buffer.from(marker, 'base64url').toString());
  if (!m) throw new InvalidValue('Marker', 'not a marker returned by ListUsers');
  return Number(m[1]);
}

function maxItems(raw: string | undefined): number {
  if (raw === undefined) return 100;
  const n = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= 1000))
    throw new InvalidValue('MaxItems', 'must be an integer from 1 to 1000');
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
