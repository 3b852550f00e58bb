import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ImsSdk,
  MODES,
  RamSdk,
  advanceClock,
  ims,
  ram,
  sdkError,
  startEmulator,
  type Credentials,
  type Mode,
  type Running,
} from './helpers.js';

const DOMAIN = 'ram-console-demo.onaliyun.com';
const DAY = 86_400_000;

describe.each(MODES)('recycle bins over the official SDKs (%s)', (mode: Mode) => {
  let e: Running;
  let root: InstanceType<typeof RamSdk.default>;
  let imsRoot: InstanceType<typeof ImsSdk.default>;

  beforeAll(async () => {
    e = await startEmulator();
    root = ram(e.port, e.root, mode);
    imsRoot = ims(e.port, e.root, mode);
  });
  afterAll(() => e.close());
  beforeEach(async () => {
    await e.app.inject({ method: 'POST', url: '/__emulator/reset' });
  });

  async function userWithKey(userName: string): Promise<{ userId: string; key: Credentials }> {
    const user = (await root.createUser(new RamSdk.CreateUserRequest({ userName }))).body!.user!;
    await root.attachPolicyToUser(
      new RamSdk.AttachPolicyToUserRequest({
        userName,
        policyName: 'AliyunRAMReadOnlyAccess',
        policyType: 'System',
      }),
    );
    return { userId: user.userId!, key: await newKey(userName) };
  }
  const newKey = async (userName: string): Promise<Credentials> => {
    const k = (await root.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName }))).body!
      .accessKey!;
    return { accessKeyId: k.accessKeyId!, accessKeySecret: k.accessKeySecret! };
  };
  const deleteKey = (userName: string, id: string) =>
    root.deleteAccessKey(new RamSdk.DeleteAccessKeyRequest({ userName, userAccessKeyId: id }));
  const liveKeys = async (userName: string) =>
    (
      await root.listAccessKeys(new RamSdk.ListAccessKeysRequest({ userName }))
    ).body!.accessKeys!.accessKey!.map((k) => k.accessKeyId);
  const binKeys = async (userId?: string) =>
    (
      await imsRoot.listAccessKeysInRecycleBin(
        new ImsSdk.ListAccessKeysInRecycleBinRequest(userId ? { userId } : {}),
      )
    ).body!.accessKeys!.accessKey!;
  const binInfo = (userAccessKeyId: string) =>
    imsRoot.getAccessKeyInfoInRecycleBin(
      new ImsSdk.GetAccessKeyInfoInRecycleBinRequest({ userAccessKeyId }),
    );
  const restoreKey = (userId: string, userAccessKeyId: string) =>
    imsRoot.restoreAccessKeyFromRecycleBin(
      new ImsSdk.RestoreAccessKeyFromRecycleBinRequest({ userId, userAccessKeyId }),
    );
  const signs = (key: Credentials) => ram(e.port, key, mode).getAccountAlias();

  it('moves a deleted key to the bin, where it cannot sign, and restores it signing again', async () => {
    const { userId, key } = await userWithKey('alice');
    expect((await signs(key)).statusCode).toBe(200);

    await deleteKey('alice', key.accessKeyId); // Active: the API does not ask to disable first
    expect(await liveKeys('alice')).toEqual([]);
    expect(await sdkError(signs(key))).toMatchObject({
      code: 'InvalidAccessKeyId.NotFound',
      statusCode: 404,
    });
    const [inBin] = await binKeys(userId);
    expect(inBin!.accessKeyId).toBe(key.accessKeyId);
    expect(Date.parse(inBin!.deleteDate!) - Date.parse(inBin!.recycleDate!)).toBe(30 * DAY);
    expect((await binInfo(key.accessKeyId)).body!.accessKey).toMatchObject({
      accessKeyId: key.accessKeyId,
      userId,
      userPrincipalName: `alice@${DOMAIN}`,
      userRecycled: false,
      createDate: inBin!.createDate,
    });
    // Deleting it again through RAM finds nothing: it is no longer among the user's keys.
    expect(await sdkError(deleteKey('alice', key.accessKeyId))).toMatchObject({
      code: 'EntityNotExist.User.AccessKey',
    });

    await restoreKey(userId, key.accessKeyId);
    expect(await liveKeys('alice')).toEqual([key.accessKeyId]);
    expect(await binKeys(userId)).toEqual([]);
    expect((await signs(key)).body!.accountAlias).toBe('ram-console-demo');
  });

  it('keeps 3 keys per user in the bin, purging the oldest; a purged key cannot be restored', async () => {
    const { userId, key: first } = await userWithKey('bob');
    const deleted = [first.accessKeyId];
    await deleteKey('bob', first.accessKeyId);
    for (let i = 0; i < 3; i++) {
      const k = await newKey('bob');
      await advanceClock(e.app, 1 / 1440); // distinct recycle times, a minute apart
      await deleteKey('bob', k.accessKeyId);
      deleted.push(k.accessKeyId);
    }
    expect((await binKeys(userId)).map((k) => k.accessKeyId)).toEqual(deleted.slice(1));
    expect(await sdkError(binInfo(first.accessKeyId))).toMatchObject({
      code: 'EntityNotExist.User.AccessKey',
      statusCode: 404,
    });
    expect(await sdkError(restoreKey(userId, first.accessKeyId))).toMatchObject({
      code: 'EntityNotExist.User.AccessKey',
    });
  });

  it('refuses a restore past the 2-key limit and purges after 30 days on the emulator clock', async () => {
    const { userId, key } = await userWithKey('carol');
    await deleteKey('carol', key.accessKeyId);
    await newKey('carol');
    await newKey('carol');
    expect(await sdkError(restoreKey(userId, key.accessKeyId))).toMatchObject({
      code: 'LimitExceeded.User.AccessKey',
      statusCode: 409,
    });
    await advanceClock(e.app, 29);
    expect(await binKeys(userId)).toHaveLength(1);
    await advanceClock(e.app, 1);
    expect(await binKeys(userId)).toEqual([]);
    expect(await sdkError(binInfo(key.accessKeyId))).toMatchObject({
      code: 'EntityNotExist.User.AccessKey',
    });
  });

  it('deletes account keys outright and purges a binned key on request', async () => {
    const accountKey = (await root.createAccessKey(new RamSdk.CreateAccessKeyRequest({}))).body!
      .accessKey!;
    await root.deleteAccessKey(
      new RamSdk.DeleteAccessKeyRequest({ userAccessKeyId: accountKey.accessKeyId }),
    );
    expect(await binKeys()).toEqual([]);

    const { userId, key } = await userWithKey('dave');
    await deleteKey('dave', key.accessKeyId);
    // Root without UserId: every RAM user's binned keys.
    expect((await binKeys()).map((k) => k.accessKeyId)).toEqual([key.accessKeyId]);
    const purge = (request: Record<string, string>) =>
      imsRoot.deleteAccessKeyInRecycleBin(new ImsSdk.DeleteAccessKeyInRecycleBinRequest(request));
    expect(await sdkError(purge({ userAccessKeyId: key.accessKeyId }))).toMatchObject({
      code: 'MissingParameter',
      statusCode: 400,
    });
    expect(
      await sdkError(purge({ userId: '1234', userAccessKeyId: key.accessKeyId })),
    ).toMatchObject({
      code: 'EntityNotExist.User',
    });
    await purge({ userId, userAccessKeyId: key.accessKeyId });
    expect(await binKeys(userId)).toEqual([]);
    expect(await sdkError(restoreKey(userId, key.accessKeyId))).toMatchObject({
      code: 'EntityNotExist.User.AccessKey',
    });
  });

  it('moves a deleted user to the user bin with its binned keys, and restores both', async () => {
    const { userId, key } = await userWithKey('erin');
    await deleteKey('erin', key.accessKeyId);
    await root.detachPolicyFromUser(
      new RamSdk.DetachPolicyFromUserRequest({
        userName: 'erin',
        policyName: 'AliyunRAMReadOnlyAccess',
        policyType: 'System',
      }),
    );
    await root.deleteUser(new RamSdk.DeleteUserRequest({ userName: 'erin' }));
    expect(
      await sdkError(root.getUser(new RamSdk.GetUserRequest({ userName: 'erin' }))),
    ).toMatchObject({ code: 'EntityNotExist.User', statusCode: 404 });

    const users = (await imsRoot.listUsersInRecycleBin(new ImsSdk.ListUsersInRecycleBinRequest({})))
      .body!;
    expect(users.isTruncated).toBe(false);
    expect(users.users!.user).toEqual([
      expect.objectContaining({ userId, userPrincipalName: `erin@${DOMAIN}` }),
    ]);
    const [binned] = users.users!.user!;
    expect(Date.parse(binned!.deleteDate!) - Date.parse(binned!.recycleDate!)).toBe(30 * DAY);
    expect(
      (await imsRoot.getUserInRecycleBin(new ImsSdk.GetUserInRecycleBinRequest({ userId }))).body!
        .user,
    ).toEqual(binned);
    expect(
      (
        await imsRoot.getUserInRecycleBin(
          new ImsSdk.GetUserInRecycleBinRequest({ userAccessKeyId: key.accessKeyId }),
        )
      ).body!.user!.userId,
    ).toBe(userId);
    expect((await binInfo(key.accessKeyId)).body!.accessKey!.userRecycled).toBe(true);
    // A key of a recycled user waits for its user.
    expect(await sdkError(restoreKey(userId, key.accessKeyId))).toMatchObject({
      code: 'EntityNotExist.User',
    });

    await imsRoot.restoreUserFromRecycleBin(
      new ImsSdk.RestoreUserFromRecycleBinRequest({ userId }),
    );
    const back = (await root.getUser(new RamSdk.GetUserRequest({ userName: 'erin' }))).body!.user!;
    expect(back.userId).toBe(userId);
    await restoreKey(userId, key.accessKeyId);
    await root.attachPolicyToUser(
      new RamSdk.AttachPolicyToUserRequest({
        userName: 'erin',
        policyName: 'AliyunRAMReadOnlyAccess',
        policyType: 'System',
      }),
    );
    expect((await signs(key)).statusCode).toBe(200);
  });

  it('frees the name of a binned user; restoring it then conflicts; a permanent delete takes its keys', async () => {
    const { userId, key } = await userWithKey('frank');
    await deleteKey('frank', key.accessKeyId);
    await root.detachPolicyFromUser(
      new RamSdk.DetachPolicyFromUserRequest({
        userName: 'frank',
        policyName: 'AliyunRAMReadOnlyAccess',
        policyType: 'System',
      }),
    );
    await root.deleteUser(new RamSdk.DeleteUserRequest({ userName: 'frank' }));
    const again = (await root.createUser(new RamSdk.CreateUserRequest({ userName: 'frank' }))).body!
      .user!;
    expect(again.userId).not.toBe(userId);
    expect(
      await sdkError(
        imsRoot.restoreUserFromRecycleBin(new ImsSdk.RestoreUserFromRecycleBinRequest({ userId })),
      ),
    ).toMatchObject({ code: 'EntityAlreadyExists.User', statusCode: 409 });

    const filtered = (
      await imsRoot.listUsersInRecycleBin(
        new ImsSdk.ListUsersInRecycleBinRequest({ filter: `UserPrincipalName eq frank@${DOMAIN}` }),
      )
    ).body!.users!.user!;
    expect(filtered.map((u) => u.userId)).toEqual([userId]);
    expect(
      await sdkError(
        imsRoot.listUsersInRecycleBin(new ImsSdk.ListUsersInRecycleBinRequest({ filter: 'frank' })),
      ),
    ).toMatchObject({ code: 'InvalidParameter.Filter', statusCode: 400 });

    await imsRoot.deleteUserInRecycleBin(new ImsSdk.DeleteUserInRecycleBinRequest({ userId }));
    expect(
      await sdkError(
        imsRoot.getUserInRecycleBin(new ImsSdk.GetUserInRecycleBinRequest({ userId })),
      ),
    ).toMatchObject({ code: 'EntityNotExist.User' });
    expect(await sdkError(binInfo(key.accessKeyId))).toMatchObject({
      code: 'EntityNotExist.User.AccessKey',
    });
  });

  it('pages the user bin and purges binned users after 30 days', async () => {
    for (const name of ['u1', 'u2', 'u3']) {
      await root.createUser(new RamSdk.CreateUserRequest({ userName: name }));
      await root.deleteUser(new RamSdk.DeleteUserRequest({ userName: name }));
    }
    const page = (marker?: string) =>
      imsRoot.listUsersInRecycleBin(
        new ImsSdk.ListUsersInRecycleBinRequest({ maxItems: 2, ...(marker ? { marker } : {}) }),
      );
    const first = (await page()).body!;
    expect(first.isTruncated).toBe(true);
    const second = (await page(first.marker)).body!;
    expect(second.isTruncated).toBe(false);
    expect([...first.users!.user!, ...second.users!.user!].map((u) => u.userPrincipalName)).toEqual(
      ['u1', 'u2', 'u3'].map((n) => `${n}@${DOMAIN}`),
    );
    expect(
      await sdkError(
        imsRoot.listUsersInRecycleBin(new ImsSdk.ListUsersInRecycleBinRequest({ maxItems: 101 })),
      ),
    ).toMatchObject({ code: 'InvalidParameter.MaxItems' });
    await advanceClock(e.app, 30);
    expect((await page()).body!.users!.user).toEqual([]);
  });
});
