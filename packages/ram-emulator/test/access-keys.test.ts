import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  MODES,
  RamSdk,
  ram,
  sdkError,
  startEmulator,
  testClock,
  type Credentials,
  type Running,
} from './helpers.js';

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
type Client = InstanceType<typeof RamSdk.default>;

describe.each(MODES)('AccessKeys over the SDK (%s)', (mode) => {
  // Starts at real time (the SDK signs with the real clock) and only moves within the 15-minute window.
  const clock = testClock(new Date().toISOString());
  let e: Running;
  let root: Client;

  beforeAll(async () => {
    e = await startEmulator({ now: clock.now });
    root = ram(e.port, e.root, mode);
  });
  afterAll(() => e.close());
  beforeEach(async () => {
    clock.set(new Date().toISOString());
    await e.app.inject({ method: 'POST', url: '/__emulator/reset' });
  });

  const createUser = (userName: string) =>
    root.createUser(new RamSdk.CreateUserRequest({ userName }));
  const createKey = (client: Client, userName?: string) =>
    client.createAccessKey(new RamSdk.CreateAccessKeyRequest(userName ? { userName } : {}));
  const listKeys = async (client: Client, userName?: string) =>
    (await client.listAccessKeys(new RamSdk.ListAccessKeysRequest(userName ? { userName } : {})))
      .body!.accessKeys!.accessKey!;
  const asCreds = (k: { accessKeyId?: string; accessKeySecret?: string }): Credentials => ({
    accessKeyId: k.accessKeyId!,
    accessKeySecret: k.accessKeySecret!,
  });

  it('creates a RAM user key in the documented shape and lists it without its secret', async () => {
    await createUser('alice');
    const res = await createKey(root, 'alice');
    const key = res.body!.accessKey!;
    expect(key.accessKeyId).toMatch(/^LTAI[A-Za-z0-9]{20}$/);
    expect(key.accessKeySecret).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(key.status).toBe('Active');
    expect(key.createDate).toMatch(ISO_SECONDS);
    const listed = await listKeys(root, 'alice');
    expect(listed).toEqual([
      { accessKeyId: key.accessKeyId, status: 'Active', createDate: key.createDate },
    ]);
    expect(JSON.stringify(listed)).not.toContain(key.accessKeySecret);
  });

  it('limits a RAM user to 2 keys (LimitExceeded.User.AccessKey, 409)', async () => {
    await createUser('bob');
    await createKey(root, 'bob');
    await createKey(root, 'bob');
    expect(await sdkError(createKey(root, 'bob'))).toMatchObject({
      code: 'LimitExceeded.User.AccessKey',
      statusCode: 409,
    });
    expect(await listKeys(root, 'bob')).toHaveLength(2);
  });

  it('gives root account keys without UserName, up to 5 including its own', async () => {
    const before = await listKeys(root);
    expect(before.map((k) => k.accessKeyId)).toEqual([e.root.accessKeyId]);
    for (let i = 0; i < 4; i++) await createKey(root);
    expect(await listKeys(root)).toHaveLength(5);
    expect(await sdkError(createKey(root))).toMatchObject({
      code: 'LimitExceeded.User.AccessKey',
      statusCode: 409,
    });
    // Account keys are not any user's keys.
    await createUser('carol');
    expect(await listKeys(root, 'carol')).toEqual([]);
  });

  it('disables, re-enables and deletes keys; a disabled key is refused (InvalidAccessKeyId.Inactive)', async () => {
    await createUser('dave');
    await root.attachPolicyToUser(
      new RamSdk.AttachPolicyToUserRequest({
        userName: 'dave',
        policyName: 'AliyunRAMFullAccess',
        policyType: 'System',
      }),
    );
    const key = (await createKey(root, 'dave')).body!.accessKey!;
    const dave = ram(e.port, asCreds(key), mode);
    expect(await listKeys(dave)).toHaveLength(1);

    const update = (status: string) =>
      root.updateAccessKey(
        new RamSdk.UpdateAccessKeyRequest({
          userName: 'dave',
          userAccessKeyId: key.accessKeyId,
          status,
        }),
      );
    expect((await update('Inactive')).body!.requestId).toBeTruthy();
    expect((await listKeys(root, 'dave'))[0]!.status).toBe('Inactive');
    expect(await sdkError(listKeys(dave))).toMatchObject({
      code: 'InvalidAccessKeyId.Inactive',
      statusCode: 400,
    });

    await update('Active');
    expect(await listKeys(dave)).toHaveLength(1);
    expect(await sdkError(update('Paused'))).toMatchObject({
      code: 'InvalidParameter.Status',
      statusCode: 400,
    });

    // No disable-first rule: an Active key can be deleted (DESIGN.md decision).
    await root.deleteAccessKey(
      new RamSdk.DeleteAccessKeyRequest({ userName: 'dave', userAccessKeyId: key.accessKeyId }),
    );
    expect(await listKeys(root, 'dave')).toEqual([]);
    expect(await sdkError(listKeys(dave))).toMatchObject({
      code: 'InvalidAccessKeyId.NotFound',
      statusCode: 404,
    });
  });

  it('answers EntityNotExist.User.AccessKey (404) for a key that is not that owner’s', async () => {
    await createUser('erin');
    await createUser('frank');
    const erinKey = (await createKey(root, 'erin')).body!.accessKey!.accessKeyId!;
    const calls = [
      root.updateAccessKey(
        new RamSdk.UpdateAccessKeyRequest({
          userName: 'frank',
          userAccessKeyId: erinKey,
          status: 'Inactive',
        }),
      ),
      root.deleteAccessKey(
        new RamSdk.DeleteAccessKeyRequest({ userName: 'frank', userAccessKeyId: erinKey }),
      ),
      root.getAccessKeyLastUsed(
        new RamSdk.GetAccessKeyLastUsedRequest({ userName: 'frank', userAccessKeyId: erinKey }),
      ),
      // Without UserName, root works on account keys: erin's key is not one.
      root.deleteAccessKey(new RamSdk.DeleteAccessKeyRequest({ userAccessKeyId: erinKey })),
      root.deleteAccessKey(
        new RamSdk.DeleteAccessKeyRequest({ userAccessKeyId: 'LTAI5tDoesNotExist00000' }),
      ),
    ];
    for (const call of calls)
      expect(await sdkError(call)).toMatchObject({
        code: 'EntityNotExist.User.AccessKey',
        statusCode: 404,
      });
    expect(
      await sdkError(root.deleteAccessKey(new RamSdk.DeleteAccessKeyRequest({ userName: 'erin' }))),
    ).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
    expect(await listKeys(root, 'erin')).toHaveLength(1);
  });

  it('validates UserName on key actions', async () => {
    expect(await sdkError(createKey(root, 'no spaces please'))).toMatchObject({
      code: 'InvalidParameter.UserName.InvalidChars',
      statusCode: 400,
    });
    expect(await sdkError(listKeys(root, 'y'.repeat(65)))).toMatchObject({
      code: 'InvalidParameter.UserName.Length',
      statusCode: 400,
    });
  });

  it('lets a RAM user manage its own keys when it omits UserName', async () => {
    await createUser('gina');
    await root.attachPolicyToUser(
      new RamSdk.AttachPolicyToUserRequest({
        userName: 'gina',
        policyName: 'AliyunRAMFullAccess',
        policyType: 'System',
      }),
    );
    const first = (await createKey(root, 'gina')).body!.accessKey!;
    const gina = ram(e.port, asCreds(first), mode);
    const second = (await createKey(gina)).body!.accessKey!;
    expect((await listKeys(gina)).map((k) => k.accessKeyId).sort()).toEqual(
      [first.accessKeyId, second.accessKeyId].sort(),
    );
    expect(await sdkError(createKey(gina))).toMatchObject({
      code: 'LimitExceeded.User.AccessKey',
      statusCode: 409,
    });
    await gina.deleteAccessKey(
      new RamSdk.DeleteAccessKeyRequest({ userAccessKeyId: second.accessKeyId }),
    );
    expect(await listKeys(root, 'gina')).toHaveLength(1);
    // Account keys stay out of a RAM user's reach without UserName.
    expect(
      await sdkError(
        gina.updateAccessKey(
          new RamSdk.UpdateAccessKeyRequest({
            userAccessKeyId: e.root.accessKeyId,
            status: 'Inactive',
          }),
        ),
      ),
    ).toMatchObject({
      code: 'EntityNotExist.User.AccessKey',
    });
  });

  it('records LastUsedDate on every authenticated call ("" until first use)', async () => {
    await createUser('hank');
    await root.attachPolicyToUser(
      new RamSdk.AttachPolicyToUserRequest({
        userName: 'hank',
        policyName: 'AliyunRAMReadOnlyAccess',
        policyType: 'System',
      }),
    );
    const key = (await createKey(root, 'hank')).body!.accessKey!;
    const lastUsed = async () =>
      (
        await root.getAccessKeyLastUsed(
          new RamSdk.GetAccessKeyLastUsedRequest({
            userName: 'hank',
            userAccessKeyId: key.accessKeyId,
          }),
        )
      ).body!.accessKeyLastUsed!.lastUsedDate;
    expect(await lastUsed()).toBe('');

    const hank = ram(e.port, asCreds(key), mode);
    await listKeys(hank);
    const t1 = clock.now().toISOString().slice(0, 19) + 'Z';
    expect(await lastUsed()).toBe(t1);

    clock.advance(5 * 60_000);
    expect(await lastUsed()).toBe(t1); // root's calls do not touch hank's key
    await hank.getAccountAlias();
    const t2 = clock.now().toISOString().slice(0, 19) + 'Z';
    expect(t2).not.toBe(t1);
    expect(await lastUsed()).toBe(t2);

    // Root's own key, read without UserName, moves too.
    const rootLast = (
      await root.getAccessKeyLastUsed(
        new RamSdk.GetAccessKeyLastUsedRequest({ userAccessKeyId: e.root.accessKeyId }),
      )
    ).body!;
    expect(rootLast.accessKeyLastUsed!.lastUsedDate).toBe(t2);
  });
});
