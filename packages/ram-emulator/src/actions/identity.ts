import {
  CheckAuthenticationCodeFail,
  DeleteConflictGroupUser,
  EntityAlreadyExistsGroup,
  EntityAlreadyExistsUserGroup,
  EntityAlreadyExistsUserLoginProfile,
  EntityAlreadyExistsUserMFADevice,
  EntityAlreadyExistsVirtualMFADevice,
  EntityNotExistGroup,
  EntityNotExistUserGroup,
  EntityNotExistUserLoginProfile,
  EntityNotExistUserMFADevice,
  EntityNotExistVirtualMFADevice,
  InvalidChars,
  InvalidLength,
  InvalidValue,
} from '../errors.js';
import { isoSeconds, newNumericId } from '../ids.js';
import type { GroupRow, LoginProfileRow } from '../state/identity-extras.js';
import { consecutiveCodesMatch, newTotpSeed } from '../totp.js';
import { required, type ActionContext, type ActionDef } from './context.js';
import { findUser } from './principals.js';
import { passwordPolicy } from './account.js';

/**
 * What else a RAM user can carry: group memberships, a console logon, a virtual MFA device. Enough
 * for Terraform's `force = true` user delete (ListGroupsForUser, RemoveUserFromGroup,
 * DeleteLoginProfile, UnbindMFADevice before DeleteUser; reference/ram-api.md §7).
 */

const GROUP_NAME = /^[A-Za-z0-9-]+$/;
const MFA_NAME = /^[A-Za-z0-9._-]+$/;

function groupName(ctx: ActionContext): string {
  const name = required(ctx, 'GroupName');
  if (name.length > 64) throw new InvalidLength('GroupName');
  if (!GROUP_NAME.test(name)) throw new InvalidChars('GroupName');
  return name;
}

function findGroup(ctx: ActionContext): GroupRow {
  const group = ctx.store.extras.getGroup(groupName(ctx));
  if (!group) throw new EntityNotExistGroup();
  return group;
}

const groupBody = (g: GroupRow) => ({
  GroupId: g.group_id,
  GroupName: g.group_name,
  Comments: g.comments,
  CreateDate: g.create_date,
});

const CreateGroup: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const name = groupName(ctx);
    const comments = ctx.param('Comments') ?? '';
    if (comments.length > 128) throw new InvalidLength('Comments');
    if (ctx.store.extras.getGroup(name)) throw new EntityAlreadyExistsGroup();
    const group = ctx.store.extras.insertGroup({
      group_id: newNumericId(),
      group_name: name,
      comments,
      create_date: isoSeconds(ctx.settings.now()),
    });
    return { Group: groupBody(group) };
  },
};

const DeleteGroup: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const group = findGroup(ctx);
    if (ctx.store.extras.countMembers(group.seq) > 0) throw new DeleteConflictGroupUser();
    ctx.store.extras.deleteGroup(group.seq);
    return {};
  },
};

const AddUserToGroup: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const group = findGroup(ctx);
    const user = findUser(ctx, required(ctx, 'UserName'));
    if (ctx.store.extras.groupsOf(user.seq).some((g) => g.seq === group.seq))
      throw new EntityAlreadyExistsUserGroup();
    ctx.store.extras.addMember(group.seq, user.seq, isoSeconds(ctx.settings.now()));
    return {};
  },
};

const RemoveUserFromGroup: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const group = findGroup(ctx);
    const user = findUser(ctx, required(ctx, 'UserName'));
    if (!ctx.store.extras.removeMember(group.seq, user.seq)) throw new EntityNotExistUserGroup();
    return {};
  },
};

const ListGroupsForUser: ActionDef = {
  permission: 'read',
  handler(ctx) {
    const user = findUser(ctx, required(ctx, 'UserName'));
    const groups = ctx.store.extras.groupsOf(user.seq);
    return { Groups: { Group: groups.map((g) => ({ ...groupBody(g), JoinDate: g.join_date })) } };
  },
};

function booleanParam(ctx: ActionContext, name: string): boolean {
  const raw = ctx.param(name);
  if (raw === undefined) return false;
  if (raw !== 'true' && raw !== 'false') throw new InvalidValue(name, 'must be true or false');
  return raw === 'true';
}

const profileBody = (userName: string, p: LoginProfileRow) => ({
  LoginProfile: {
    UserName: userName,
    PasswordResetRequired: p.password_reset_required === 1,
    MFABindRequired: p.mfa_bind_required === 1,
    CreateDate: p.create_date,
  },
});

/** The password is checked against the password policy and then forgotten: never stored. */
const CreateLoginProfile: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const user = findUser(ctx, required(ctx, 'UserName'));
    const problem = passwordPolicy.check(required(ctx, 'Password'));
    if (problem) throw new InvalidValue('Password', problem);
    if (ctx.store.extras.getLoginProfile(user.seq)) throw new EntityAlreadyExistsUserLoginProfile();
    const profile = {
      user_seq: user.seq,
      password_reset_required: booleanParam(ctx, 'PasswordResetRequired') ? 1 : 0,
      mfa_bind_required: booleanParam(ctx, 'MFABindRequired') ? 1 : 0,
      create_date: isoSeconds(ctx.settings.now()),
    };
    ctx.store.extras.insertLoginProfile(profile);
    return profileBody(user.user_name, profile);
  },
};

const GetLoginProfile: ActionDef = {
  permission: 'read',
  handler(ctx) {
    const user = findUser(ctx, required(ctx, 'UserName'));
    const profile = ctx.store.extras.getLoginProfile(user.seq);
    if (!profile) throw new EntityNotExistUserLoginProfile();
    return profileBody(user.user_name, profile);
  },
};

const DeleteLoginProfile: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const user = findUser(ctx, required(ctx, 'UserName'));
    if (!ctx.store.extras.deleteLoginProfile(user.seq)) throw new EntityNotExistUserLoginProfile();
    return {};
  },
};

/** QRCodePNG is left empty: the seed is what a test (or an authenticator app) needs. */
const CreateVirtualMFADevice: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const name = required(ctx, 'VirtualMFADeviceName');
    if (name.length > 64) throw new InvalidLength('VirtualMFADeviceName');
    if (!MFA_NAME.test(name)) throw new InvalidChars('VirtualMFADeviceName');
    const serial = `acs:ram::${ctx.settings.accountId}:mfa/${name}`;
    if (ctx.store.extras.getMfaDevice(serial)) throw new EntityAlreadyExistsVirtualMFADevice();
    const seed = newTotpSeed();
    ctx.store.extras.insertMfaDevice(serial, seed, isoSeconds(ctx.settings.now()));
    return { VirtualMFADevice: { SerialNumber: serial, Base32StringSeed: seed, QRCodePNG: '' } };
  },
};

/** Two consecutive TOTP codes from the device, checked against the real clock. */
const BindMFADevice: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const device = ctx.store.extras.getMfaDevice(required(ctx, 'SerialNumber'));
    const user = findUser(ctx, required(ctx, 'UserName'));
    const code1 = required(ctx, 'AuthenticationCode1');
    const code2 = required(ctx, 'AuthenticationCode2');
    if (!device) throw new EntityNotExistVirtualMFADevice();
    if (device.user_seq !== null || ctx.store.extras.mfaDeviceOf(user.seq))
      throw new EntityAlreadyExistsUserMFADevice();
    if (!consecutiveCodesMatch(device.seed, ctx.settings.realNow().getTime(), code1, code2))
      throw new CheckAuthenticationCodeFail();
    ctx.store.extras.bindMfaDevice(device.serial_number, user.seq, isoSeconds(ctx.settings.now()));
    return {};
  },
};

const GetUserMFAInfo: ActionDef = {
  permission: 'read',
  handler(ctx) {
    const user = findUser(ctx, required(ctx, 'UserName'));
    const device = ctx.store.extras.mfaDeviceOf(user.seq);
    if (!device) throw new EntityNotExistUserMFADevice();
    return { MFADevice: { SerialNumber: device.serial_number, Type: 'VMFA' } };
  },
};

const UnbindMFADevice: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const user = findUser(ctx, required(ctx, 'UserName'));
    const device = ctx.store.extras.mfaDeviceOf(user.seq);
    if (!device) throw new EntityNotExistUserMFADevice();
    ctx.store.extras.unbindMfaDevice(user.seq);
    return { MFADevice: { SerialNumber: device.serial_number } };
  },
};

export const identityActions = {
  CreateGroup,
  DeleteGroup,
  AddUserToGroup,
  RemoveUserFromGroup,
  ListGroupsForUser,
  CreateLoginProfile,
  GetLoginProfile,
  DeleteLoginProfile,
  CreateVirtualMFADevice,
  BindMFADevice,
  GetUserMFAInfo,
  UnbindMFADevice,
};
