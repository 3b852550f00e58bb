import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MODES, RamSdk, ram, sdkError, startEmulator, type Running } from './helpers.js';

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe.each(MODES)('RAM users over the SDK (%s)', (mode) => {
  let e: Running;
  let client: InstanceType<typeof RamSdk.default>;

  beforeAll(async () => {
    e = await startEmulator({ maxUsers: 3000 });
    client = ram(e.port, e.root, mode);
  });
  afterAll(() => e.close());
  beforeEach(async () => {
    await e.app.inject({ method: 'POST', url: '/__emulator/reset' });
  });

  const create = (userName: string, extra: Record<string, string> = {}) =>
    client.createUser(new RamSdk.CreateUserRequest({ userName, ...extra }));

  it('creates, reads, updates and deletes a user with the documented shapes', async () => {
    const created = await create('alice', {
      displayName: 'Alice 张',
      mobilePhone: '86-13800138000',
      email: 'alice@example.com',
      comments: 'first user',
    });
    expect(created.statusCode).toBe(200);
    expect(created.body?.requestId).toMatch(/^[0-9A-F-]{36}$/);
    const user = created.body!.user!;
    expect(user.userId).toMatch(/^[1-9]\d{15}$/);
    expect(user).toMatchObject({
      userName: 'alice',
      displayName: 'Alice 张',
      mobilePhone: '86-13800138000',
      email: 'alice@example.com',
      comments: 'first user',
    });
    expect(user.createDate).toMatch(ISO_SECONDS);

    const got = (await client.getUser(new RamSdk.GetUserRequest({ userName: 'alice' }))).body!
      .user!;
    expect(got).toMatchObject({
      userId: user.userId,
      userName: 'alice',
      createDate: user.createDate,
    });
    expect(got.updateDate).toMatch(ISO_SECONDS);

    const updated = await client.updateUser(
      new RamSdk.UpdateUserRequest({
        userName: 'alice',
        newUserName: 'alice2',
        newDisplayName: 'Alice Two',
        newComments: 'renamed',
      }),
    );
    expect(updated.body!.user).toMatchObject({
      userId: user.userId,
      userName: 'alice2',
      displayName: 'Alice Two',
      comments: 'renamed',
      email: 'alice@example.com',
    });
    expect(
      (await sdkError(client.getUser(new RamSdk.GetUserRequest({ userName: 'alice' })))).code,
    ).toBe('EntityNotExist.User');

    const deleted = await client.deleteUser(new RamSdk.DeleteUserRequest({ userName: 'alice2' }));
    expect(deleted.body!.requestId).toBeTruthy();
    const err = await sdkError(client.getUser(new RamSdk.GetUserRequest({ userName: 'alice2' })));
    expect(err).toMatchObject({ code: 'EntityNotExist.User', statusCode: 404 });
  });

  it.each([
    [{ userName: 'bad name!' }, 'InvalidParameter.UserName.InvalidChars'],
    [{ userName: 'x'.repeat(65) }, 'InvalidParameter.UserName.Length'],
    [{ userName: 'ok', displayName: 'bad<name>' }, 'InvalidParameter.DisplayName.InvalidChars'],
    [{ userName: 'ok', displayName: 'd'.repeat(129) }, 'InvalidParameter.DisplayName.Length'],
    [{ userName: 'ok', comments: 'c'.repeat(129) }, 'InvalidParameter.Comments.Length'],
    [{ userName: 'ok', mobilePhone: '13800138000' }, 'InvalidParameter.MobilePhone.Format'],
    [{ userName: 'ok', email: 'not-an-email' }, 'InvalidParameter.Email.Format'],
  ])('refuses invalid CreateUser input %o with %s (400)', async (input, code) => {
    const err = await sdkError(client.createUser(new RamSdk.CreateUserRequest(input)));
    expect(err).toMatchObject({ code, statusCode: 400 });
  });

  it('needs UserName (MissingParameter) and refuses duplicates (EntityAlreadyExists.User, 409)', async () => {
    expect(await sdkError(client.createUser(new RamSdk.CreateUserRequest({})))).toMatchObject({
      code: 'MissingParameter',
      statusCode: 400,
    });
    expect(await sdkError(client.getUser(new RamSdk.GetUserRequest({})))).toMatchObject({
      code: 'MissingParameter',
      statusCode: 400,
    });
    await create('bob');
    expect(await sdkError(create('bob'))).toMatchObject({
      code: 'EntityAlreadyExists.User',
      statusCode: 409,
    });
    await create('carol');
    const rename = client.updateUser(
      new RamSdk.UpdateUserRequest({ userName: 'carol', newUserName: 'bob' }),
    );
    expect(await sdkError(rename)).toMatchObject({
      code: 'EntityAlreadyExists.User',
      statusCode: 409,
    });
  });

  it.each([
    [{ newUserName: 'has space' }, 'InvalidParameter.NewUserName.InvalidChars'],
    [{ newDisplayName: 'd'.repeat(129) }, 'InvalidParameter.NewDisplayName.Length'],
    [{ newComments: 'c'.repeat(129) }, 'InvalidParameter.NewComments.Length'],
    [{ newMobilePhone: 'abc' }, 'InvalidParameter.NewMobilePhone.Format'],
    [{ newEmail: 'x@' }, 'InvalidParameter.NewEmail.Format'],
  ])('refuses invalid UpdateUser input %o with %s', async (input, code) => {
    await create('dave');
    const err = await sdkError(
      client.updateUser(new RamSdk.UpdateUserRequest({ userName: 'dave', ...input })),
    );
    expect(err).toMatchObject({ code, statusCode: 400 });
  });

  it('answers EntityNotExist.User (404) for every per-user action on an unknown user', async () => {
    const calls = [
      client.updateUser(new RamSdk.UpdateUserRequest({ userName: 'ghost', newComments: 'x' })),
      client.deleteUser(new RamSdk.DeleteUserRequest({ userName: 'ghost' })),
      client.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName: 'ghost' })),
      client.listAccessKeys(new RamSdk.ListAccessKeysRequest({ userName: 'ghost' })),
      client.listPoliciesForUser(new RamSdk.ListPoliciesForUserRequest({ userName: 'ghost' })),
    ];
    for (const call of calls)
      expect(await sdkError(call)).toMatchObject({ code: 'EntityNotExist.User', statusCode: 404 });
  });

  it('refuses to delete a user that still has keys or policies (409), then deletes it', async () => {
    await create('erin');
    const key = (
      await client.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName: 'erin' }))
    ).body!.accessKey!;
    await client.attachPolicyToUser(
      new RamSdk.AttachPolicyToUserRequest({
        userName: 'erin',
        policyName: 'AliyunRAMReadOnlyAccess',
        policyType: 'System',
      }),
    );
    const del = () => client.deleteUser(new RamSdk.DeleteUserRequest({ userName: 'erin' }));
    expect(await sdkError(del())).toMatchObject({
      code: 'DeleteConflict.User.AccessKey',
      statusCode: 409,
    });
    await client.deleteAccessKey(
      new RamSdk.DeleteAccessKeyRequest({ userName: 'erin', userAccessKeyId: key.accessKeyId }),
    );
    expect(await sdkError(del())).toMatchObject({
      code: 'DeleteConflict.User.Policy',
      statusCode: 409,
    });
    await client.detachPolicyFromUser(
      new RamSdk.DetachPolicyFromUserRequest({
        userName: 'erin',
        policyName: 'AliyunRAMReadOnlyAccess',
        policyType: 'System',
      }),
    );
    await del();
    expect(
      (await sdkError(client.getUser(new RamSdk.GetUserRequest({ userName: 'erin' })))).code,
    ).toBe('EntityNotExist.User');
  });

  it('pages across 2,500 users with Marker/MaxItems in a stable order', async () => {
    const names = Array.from({ length: 2500 }, (_, i) => `user-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < names.length; i += 100) {
      await Promise.all(names.slice(i, i + 100).map((n) => create(n)));
    }
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const body = (
        await client.listUsers(
          new RamSdk.ListUsersRequest({ maxItems: 1000, ...(marker ? { marker } : {}) }),
        )
      ).body!;
      pages++;
      seen.push(...body.users!.user!.map((u) => u.userName!));
      expect(body.isTruncated).toBe(pages < 3);
      marker = body.isTruncated ? body.marker : undefined;
      if (body.isTruncated) expect(marker).toBeTruthy();
      else expect(body.marker).toBeUndefined();
    } while (marker);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(2500);
    expect(new Set(seen).size).toBe(2500);
    expect([...seen].sort()).toEqual([...names].sort());

    // Default page is 100, and the same walk twice gives the same order.
    const first = (await client.listUsers(new RamSdk.ListUsersRequest({}))).body!;
    expect(first.users!.user).toHaveLength(100);
    expect(first.users!.user!.map((u) => u.userName)).toEqual(seen.slice(0, 100));
    const second = (
      await client.listUsers(new RamSdk.ListUsersRequest({ marker: first.marker!, maxItems: 50 }))
    ).body!;
    expect(second.users!.user!.map((u) => u.userName)).toEqual(seen.slice(100, 150));
  });

  it('validates MaxItems (1–1000) and Marker', async () => {
    for (const maxItems of [0, 1001]) {
      expect(
        await sdkError(client.listUsers(new RamSdk.ListUsersRequest({ maxItems }))),
      ).toMatchObject({ code: 'InvalidParameter.MaxItems', statusCode: 400 });
    }
    expect(
      await sdkError(client.listUsers(new RamSdk.ListUsersRequest({ marker: 'garbage' }))),
    ).toMatchObject({ code: 'InvalidParameter.Marker', statusCode: 400 });
    await create('only');
    const one = (await client.listUsers(new RamSdk.ListUsersRequest({ maxItems: 1 }))).body!;
    expect(one).toMatchObject({ isTruncated: false });
    expect(one.users!.user!.map((u) => u.userName)).toEqual(['only']);
  });

  it('returns the account alias', async () => {
    const body = (await client.getAccountAlias()).body!;
    expect(body.accountAlias).toBe('ram-console-demo');
    expect(body.requestId).toBeTruthy();
  });
});

describe('user limit', () => {
  it('refuses the user past maxUsers with LimitExceeded.User (409)', async () => {
    const e = await startEmulator({ maxUsers: 3 });
    try {
      const client = ram(e.port, e.root, 'v3');
      for (const n of ['a1', 'a2', 'a3'])
        await client.createUser(new RamSdk.CreateUserRequest({ userName: n }));
      const err = await sdkError(
        client.createUser(new RamSdk.CreateUserRequest({ userName: 'a4' })),
      );
      expect(err).toMatchObject({ code: 'LimitExceeded.User', statusCode: 409 });
    } finally {
      await e.close();
    }
  });

  it('defaults to 1000 users', async () => {
    const e = await startEmulator();
    try {
      const client = ram(e.port, e.root, 'v3');
      for (let i = 0; i < 1000; i += 100) {
        await Promise.all(
          Array.from({ length: 100 }, (_, j) =>
            client.createUser(new RamSdk.CreateUserRequest({ userName: `u${i + j}` })),
          ),
        );
      }
      expect(
        await sdkError(
          client.createUser(new RamSdk.CreateUserRequest({ userName: 'one-too-many' })),
        ),
      ).toMatchObject({ code: 'LimitExceeded.User' });
    } finally {
      await e.close();
    }
  });
});
