import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { totp, totpStep } from '../src/totp.js';
import {
  ImsSdk,
  MODES,
  RamSdk,
  ims,
  ram,
  sdkError,
  startEmulator,
  type Mode,
  type Running,
} from './helpers.js';

type Ram = InstanceType<typeof RamSdk.default>;

/**
 * Terraform's `alicloud_ram_user` with `force = true` deletes a user like this (reference/ram-api.md
 * §7): keys, policies, groups, then the login profile and the MFA device, each "not there" answer
 * (404) tolerated, then DeleteUser.
 */
async function terraformForceDelete(client: Ram, userName: string): Promise<string[]> {
  const tolerated: string[] = [];
  const keys = await client.listAccessKeys(new RamSdk.ListAccessKeysRequest({ userName }));
  for (const k of keys.body!.accessKeys!.accessKey!)
    await client.deleteAccessKey(
      new RamSdk.DeleteAccessKeyRequest({ userName, userAccessKeyId: k.accessKeyId }),
    );
  const policies = await client.listPoliciesForUser(
    new RamSdk.ListPoliciesForUserRequest({ userName }),
  );
  for (const p of policies.body!.policies!.policy!)
    await client.detachPolicyFromUser(
      new RamSdk.DetachPolicyFromUserRequest({
        userName,
        policyName: p.policyName,
        policyType: p.policyType,
      }),
    );
  const groups = await client.listGroupsForUser(new RamSdk.ListGroupsForUserRequest({ userName }));
  for (const g of groups.body!.groups!.group!)
    await client.removeUserFromGroup(
      new RamSdk.RemoveUserFromGroupRequest({ userName, groupName: g.groupName }),
    );
  for (const step of [
    () => client.deleteLoginProfile(new RamSdk.DeleteLoginProfileRequest({ userName })),
    () => client.unbindMFADevice(new RamSdk.UnbindMFADeviceRequest({ userName })),
  ]) {
    try {
      await step();
    } catch (err) {
      const e = err as { code?: string; statusCode?: number; data?: { Message?: string } };
      if (e.statusCode !== 404) throw err;
      tolerated.push(`${e.code}: ${e.data?.Message}`);
    }
  }
  await client.deleteUser(new RamSdk.DeleteUserRequest({ userName }));
  return tolerated;
}

describe.each(MODES)('RAM 2015-05-01 fidelity over the official SDK (%s)', (mode: Mode) => {
  let e: Running;
  let root: Ram;

  beforeAll(async () => {
    e = await startEmulator();
    root = ram(e.port, e.root, mode);
  });
  afterAll(() => e.close());
  beforeEach(async () => {
    await e.app.inject({ method: 'POST', url: '/__emulator/reset' });
  });

  /** Binds a fresh virtual MFA device with two consecutive codes, as an authenticator app would. */
  async function bindMfa(userName: string): Promise<string> {
    const device = (
      await root.createVirtualMFADevice(
        new RamSdk.CreateVirtualMFADeviceRequest({ virtualMFADeviceName: `${userName}-phone` }),
      )
    ).body!.virtualMFADevice!;
    const step = totpStep(Date.now());
    await root.bindMFADevice(
      new RamSdk.BindMFADeviceRequest({
        userName,
        serialNumber: device.serialNumber,
        authenticationCode1: totp(device.base32StringSeed!, step - 1),
        authenticationCode2: totp(device.base32StringSeed!, step),
      }),
    );
    return device.serialNumber!;
  }

  it('deletes a fully equipped user the way Terraform force = true does', async () => {
    const userName = 'tf-user';
    await root.createUser(new RamSdk.CreateUserRequest({ userName }));
    await root.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName }));
    await root.createPolicy(
      new RamSdk.CreatePolicyRequest({
        policyName: 'ReadBuckets',
        policyDocument: JSON.stringify({
          Version: '1',
          Statement: [{ Effect: 'Allow', Action: 'oss:Get*', Resource: '*' }],
        }),
        description: 'custom',
      }),
    );
    await root.attachPolicyToUser(
      new RamSdk.AttachPolicyToUserRequest({
        userName,
        policyName: 'ReadBuckets',
        policyType: 'Custom',
      }),
    );
    await root.createGroup(new RamSdk.CreateGroupRequest({ groupName: 'devs', comments: 'x' }));
    await root.addUserToGroup(new RamSdk.AddUserToGroupRequest({ userName, groupName: 'devs' }));
    await root.createLoginProfile(
      new RamSdk.CreateLoginProfileRequest({
        userName,
        password: 'Sufficient1Password',
        passwordResetRequired: true,
      }),
    );
    const serial = await bindMfa(userName);
    expect(
      (await root.getUserMFAInfo(new RamSdk.GetUserMFAInfoRequest({ userName }))).body!.MFADevice,
    ).toEqual({ serialNumber: serial, type: 'VMFA' });
    expect(
      (await root.getLoginProfile(new RamSdk.GetLoginProfileRequest({ userName }))).body!
        .loginProfile,
    ).toMatchObject({ userName, passwordResetRequired: true, MFABindRequired: false });

    // Without force, each attachment blocks the delete in turn.
    const del = () => root.deleteUser(new RamSdk.DeleteUserRequest({ userName }));
    expect(await sdkError(del())).toMatchObject({
      code: 'DeleteConflict.User.AccessKey',
      statusCode: 409,
    });

    expect(await terraformForceDelete(root, userName)).toEqual([]);
    expect(await sdkError(root.getUser(new RamSdk.GetUserRequest({ userName })))).toMatchObject({
      code: 'EntityNotExist.User',
    });
    // The group and the policy outlive the user.
    await root.deleteGroup(new RamSdk.DeleteGroupRequest({ groupName: 'devs' }));
    await root.deletePolicy(new RamSdk.DeletePolicyRequest({ policyName: 'ReadBuckets' }));

    // A bare user: the login profile and MFA steps answer 404 with RAM's messages.
    await root.createUser(new RamSdk.CreateUserRequest({ userName: 'bare' }));
    expect(await terraformForceDelete(root, 'bare')).toEqual([
      'EntityNotExist.User.LoginProfile: The user login profile does not exist.',
      'EntityNotExist.User.MFADevice: The user has not bound any MFA device.',
    ]);
  });

  it('checks each remaining attachment before DeleteUser, in order', async () => {
    const userName = 'layered';
    await root.createUser(new RamSdk.CreateUserRequest({ userName }));
    await root.createGroup(new RamSdk.CreateGroupRequest({ groupName: 'ops' }));
    await root.addUserToGroup(new RamSdk.AddUserToGroupRequest({ userName, groupName: 'ops' }));
    await root.createLoginProfile(
      new RamSdk.CreateLoginProfileRequest({ userName, password: 'Another1Password' }),
    );
    await bindMfa(userName);
    const del = () => root.deleteUser(new RamSdk.DeleteUserRequest({ userName }));
    const conflicts: string[] = [];
    for (const undo of [
      () =>
        root.removeUserFromGroup(
          new RamSdk.RemoveUserFromGroupRequest({ userName, groupName: 'ops' }),
        ),
      () => root.deleteLoginProfile(new RamSdk.DeleteLoginProfileRequest({ userName })),
      () => root.unbindMFADevice(new RamSdk.UnbindMFADeviceRequest({ userName })),
    ]) {
      conflicts.push((await sdkError(del())).code);
      await undo();
    }
    expect(conflicts).toEqual([
      'DeleteConflict.User.Group',
      'DeleteConflict.User.LoginProfile',
      'DeleteConflict.User.MFADevice',
    ]);
    await del();
  });

  it('answers the group, login profile and MFA errors', async () => {
    await root.createUser(new RamSdk.CreateUserRequest({ userName: 'gus' }));
    await root.createGroup(new RamSdk.CreateGroupRequest({ groupName: 'g1' }));
    expect(
      await sdkError(root.createGroup(new RamSdk.CreateGroupRequest({ groupName: 'g1' }))),
    ).toMatchObject({ code: 'EntityAlreadyExists.Group', statusCode: 409 });
    expect(
      await sdkError(
        root.removeUserFromGroup(
          new RamSdk.RemoveUserFromGroupRequest({ userName: 'gus', groupName: 'g1' }),
        ),
      ),
    ).toMatchObject({ code: 'EntityNotExist.User.Group', statusCode: 404 });
    expect(
      await sdkError(
        root.addUserToGroup(
          new RamSdk.AddUserToGroupRequest({ userName: 'gus', groupName: 'nope' }),
        ),
      ),
    ).toMatchObject({ code: 'EntityNotExist.Group', statusCode: 404 });
    await root.addUserToGroup(
      new RamSdk.AddUserToGroupRequest({ userName: 'gus', groupName: 'g1' }),
    );
    expect(
      await sdkError(root.deleteGroup(new RamSdk.DeleteGroupRequest({ groupName: 'g1' }))),
    ).toMatchObject({ code: 'DeleteConflict.Group.User', statusCode: 409 });
    const listed = (
      await root.listGroupsForUser(new RamSdk.ListGroupsForUserRequest({ userName: 'gus' }))
    ).body!.groups!.group!;
    expect(listed).toEqual([
      expect.objectContaining({ groupName: 'g1', joinDate: expect.any(String) }),
    ]);

    expect(
      await sdkError(
        root.createLoginProfile(
          new RamSdk.CreateLoginProfileRequest({ userName: 'gus', password: 'short' }),
        ),
      ),
    ).toMatchObject({ code: 'InvalidParameter.Password', statusCode: 400 });
    await root.createLoginProfile(
      new RamSdk.CreateLoginProfileRequest({ userName: 'gus', password: 'Long3nough' }),
    );
    expect(
      await sdkError(
        root.createLoginProfile(
          new RamSdk.CreateLoginProfileRequest({ userName: 'gus', password: 'Long3nough' }),
        ),
      ),
    ).toMatchObject({ code: 'EntityAlreadyExists.User.LoginProfile', statusCode: 409 });

    const device = (
      await root.createVirtualMFADevice(
        new RamSdk.CreateVirtualMFADeviceRequest({ virtualMFADeviceName: 'gus-phone' }),
      )
    ).body!.virtualMFADevice!;
    expect(device.serialNumber).toBe(`acs:ram::${e.app.emulator.accountId}:mfa/gus-phone`);
    expect(
      await sdkError(
        root.bindMFADevice(
          new RamSdk.BindMFADeviceRequest({
            userName: 'gus',
            serialNumber: device.serialNumber,
            authenticationCode1: '000000',
            authenticationCode2: '000000',
          }),
        ),
      ),
    ).toMatchObject({ code: 'CheckAuthenticationCodeFail', statusCode: 403 });
    expect(
      await sdkError(root.getUserMFAInfo(new RamSdk.GetUserMFAInfoRequest({ userName: 'gus' }))),
    ).toMatchObject({ code: 'EntityNotExist.User.MFADevice', statusCode: 404 });
  });

  it('refuses @ in a UserName and clears a field UpdateUser sends empty', async () => {
    expect(
      await sdkError(root.createUser(new RamSdk.CreateUserRequest({ userName: 'a@b' }))),
    ).toMatchObject({ code: 'InvalidParameter.UserName.InvalidChars', statusCode: 400 });
    await root.createUser(
      new RamSdk.CreateUserRequest({
        userName: 'hal',
        displayName: 'Hal',
        email: 'hal@example.com',
        mobilePhone: '86-13800138000',
        comments: 'keep me?',
      }),
    );
    const updated = await root.updateUser(
      new RamSdk.UpdateUserRequest({
        userName: 'hal',
        newEmail: '',
        newComments: '',
        newMobilePhone: '',
      }),
    );
    expect(updated.body!.user).toMatchObject({
      displayName: 'Hal',
      email: '',
      comments: '',
      mobilePhone: '',
    });
    expect(
      (await root.getUser(new RamSdk.GetUserRequest({ userName: 'hal' }))).body!.user,
    ).toMatchObject({ displayName: 'Hal', email: '', comments: '', mobilePhone: '' });
  });

  it('names the Resource and Action in NoPermission and uses RAM’s four policy messages', async () => {
    await root.createUser(new RamSdk.CreateUserRequest({ userName: 'ivy' }));
    await root.attachPolicyToUser(
      new RamSdk.AttachPolicyToUserRequest({
        userName: 'ivy',
        policyName: 'AliyunRAMReadOnlyAccess',
        policyType: 'System',
      }),
    );
    const k = (await root.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName: 'ivy' })))
      .body!.accessKey!;
    const ivy = ram(
      e.port,
      { accessKeyId: k.accessKeyId!, accessKeySecret: k.accessKeySecret! },
      mode,
    );
    const refused = await sdkError(
      ivy.createUser(new RamSdk.CreateUserRequest({ userName: 'mallory' })),
    );
    expect(refused.message).toContain(
      `You are not authorized to do this action. Resource: acs:ram:*:${e.app.emulator.accountId}:user/mallory Action: ram:CreateUser`,
    );

    const attach = (policyType: string) =>
      root.attachPolicyToUser(
        new RamSdk.AttachPolicyToUserRequest({
          userName: 'ivy',
          policyName: 'AliyunRAMReadOnlyAccess',
          policyType,
        }),
      );
    expect((await sdkError(attach('System'))).message).toContain(
      'The user has already been attached this policy.',
    );
    expect(await sdkError(attach('Group'))).toMatchObject({
      code: 'InvalidParameter.PolicyType',
      message: expect.stringContaining('The parameter - "PolicyType" is incorrect.'),
    });
    expect(
      (await sdkError(root.deleteUser(new RamSdk.DeleteUserRequest({ userName: 'ivy' })))).code,
    ).toBe('DeleteConflict.User.AccessKey');
    await root.deleteAccessKey(
      new RamSdk.DeleteAccessKeyRequest({ userName: 'ivy', userAccessKeyId: k.accessKeyId }),
    );
    expect(
      (await sdkError(root.deleteUser(new RamSdk.DeleteUserRequest({ userName: 'ivy' })))).message,
    ).toContain('The user CAN NOT has any attached policy while deleting the user.');
    const detach = () =>
      root.detachPolicyFromUser(
        new RamSdk.DetachPolicyFromUserRequest({
          userName: 'ivy',
          policyName: 'AliyunRAMReadOnlyAccess',
          policyType: 'System',
        }),
      );
    await detach();
    expect((await sdkError(detach())).message).toContain(
      'The indicate policy of the user does not exist.',
    );
  });

  it('manages custom policies enough for an attachment', async () => {
    const doc = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'ecs:Describe*', Resource: '*' }],
    });
    const created = await root.createPolicy(
      new RamSdk.CreatePolicyRequest({ policyName: 'EcsRead', policyDocument: doc }),
    );
    expect(created.body!.policy).toMatchObject({
      policyName: 'EcsRead',
      policyType: 'Custom',
      defaultVersion: 'v1',
    });
    for (const [request, code] of [
      [{ policyName: 'EcsRead', policyDocument: doc }, 'EntityAlreadyExists.Policy'],
      [{ policyName: 'AliyunRAMFullAccess', policyDocument: doc }, 'EntityAlreadyExists.Policy'],
      [{ policyName: 'bad name', policyDocument: doc }, 'InvalidParameter.PolicyName.InvalidChars'],
      [
        { policyName: 'Broken', policyDocument: '{"Version":"1"}' },
        'InvalidParameter.PolicyDocument',
      ],
    ] as const) {
      expect(
        await sdkError(root.createPolicy(new RamSdk.CreatePolicyRequest(request))),
        code,
      ).toMatchObject({
        code,
      });
    }
    await root.createUser(new RamSdk.CreateUserRequest({ userName: 'jo' }));
    await root.attachPolicyToUser(
      new RamSdk.AttachPolicyToUserRequest({
        userName: 'jo',
        policyName: 'EcsRead',
        policyType: 'Custom',
      }),
    );
    expect(
      (await root.listPoliciesForUser(new RamSdk.ListPoliciesForUserRequest({ userName: 'jo' })))
        .body!.policies!.policy,
    ).toEqual([expect.objectContaining({ policyName: 'EcsRead', policyType: 'Custom' })]);
    const got = await root.getPolicy(
      new RamSdk.GetPolicyRequest({ policyName: 'EcsRead', policyType: 'Custom' }),
    );
    expect(got.body!.policy).toMatchObject({ attachmentCount: 1, policyDocument: doc });
    expect(got.body!.defaultPolicyVersion).toMatchObject({
      versionId: 'v1',
      isDefaultVersion: true,
    });
    // A Custom policy is not a System one of the same name.
    expect(
      await sdkError(
        root.getPolicy(
          new RamSdk.GetPolicyRequest({ policyName: 'EcsRead', policyType: 'System' }),
        ),
      ),
    ).toMatchObject({ code: 'EntityNotExist.Policy', statusCode: 404 });
    expect(
      await sdkError(root.deletePolicy(new RamSdk.DeletePolicyRequest({ policyName: 'EcsRead' }))),
    ).toMatchObject({ code: 'DeleteConflict.Policy.User', statusCode: 409 });
    await root.deletePolicy(
      new RamSdk.DeletePolicyRequest({ policyName: 'EcsRead', cascadingDelete: true }),
    );
    expect(
      (await root.listPoliciesForUser(new RamSdk.ListPoliciesForUserRequest({ userName: 'jo' })))
        .body!.policies!.policy,
    ).toEqual([]);
  });

  it('sets and clears the account alias; UserPrincipalNames follow it', async () => {
    await root.createUser(new RamSdk.CreateUserRequest({ userName: 'kim' }));
    await root.setAccountAlias(new RamSdk.SetAccountAliasRequest({ accountAlias: 'acme-prod' }));
    expect((await root.getAccountAlias()).body!.accountAlias).toBe('acme-prod');
    const imsRoot = ims(e.port, e.root, mode);
    const list = (userPrincipalName: string) =>
      imsRoot.listAccessKeys(new ImsSdk.ListAccessKeysRequest({ userPrincipalName }));
    expect((await list('kim@acme-prod.onaliyun.com')).statusCode).toBe(200);
    expect(await sdkError(list('kim@ram-console-demo.onaliyun.com'))).toMatchObject({
      code: 'EntityNotExist.User',
    });
    for (const alias of ['ab', '-acme', 'Acme', 'a'.repeat(33)]) {
      expect(
        (
          await sdkError(
            root.setAccountAlias(new RamSdk.SetAccountAliasRequest({ accountAlias: alias })),
          )
        ).code,
      ).toMatch(/^InvalidParameter\.AccountAlias\./);
    }
    await root.clearAccountAlias();
    expect((await root.getAccountAlias()).body!.accountAlias).toBe('');
    expect((await list(`kim@${e.app.emulator.accountId}.onaliyun.com`)).statusCode).toBe(200);
    // The reset hook puts the configured alias back.
    await e.app.inject({ method: 'POST', url: '/__emulator/reset' });
    expect((await root.getAccountAlias()).body!.accountAlias).toBe('ram-console-demo');
  });

  it('answers the password policy', async () => {
    expect((await root.getPasswordPolicy()).body!.passwordPolicy).toEqual({
      minimumPasswordLength: 8,
      requireLowercaseCharacters: true,
      requireUppercaseCharacters: true,
      requireNumbers: true,
      requireSymbols: false,
      hardExpiry: false,
      maxPasswordAge: 0,
      passwordReusePrevention: 0,
      maxLoginAttemps: 5,
    });
  });
});
