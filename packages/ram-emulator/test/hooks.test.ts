import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MODES, RamSdk, ram, sdkError, startEmulator, type Running } from './helpers.js';

describe.each(MODES)('fault hook over the SDK (%s)', (mode) => {
  let e: Running;
  let root: InstanceType<typeof RamSdk.default>;

  beforeAll(async () => {
    e = await startEmulator();
    root = ram(e.port, e.root, mode);
  });
  afterAll(() => e.close());
  beforeEach(async () => {
    await e.app.inject({ method: 'POST', url: '/__emulator/reset' });
    await root.createUser(new RamSdk.CreateUserRequest({ userName: 'target' }));
  });

  const setFault = (body: Record<string, unknown>) =>
    e.app.inject({ method: 'POST', url: '/__emulator/faults', payload: body });
  const createKey = () =>
    root.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName: 'target' }));
  const keyCount = async () =>
    (await root.listAccessKeys(new RamSdk.ListAccessKeysRequest({ userName: 'target' }))).body!
      .accessKeys!.accessKey!.length;

  it('answers 500 InternalError for the next N calls of that action only, without doing them', async () => {
    const res = await setFault({ action: 'CreateAccessKey', count: 2, kind: 'status500' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      faults: [{ action: 'CreateAccessKey', count: 2, kind: 'status500', delayMs: 1000 }],
    });
    for (let i = 0; i < 2; i++) {
      expect(await sdkError(createKey())).toMatchObject({ code: 'InternalError', statusCode: 500 });
      expect(await keyCount()).toBe(0); // other actions are unaffected
    }
    expect((await createKey()).body!.accessKey!.status).toBe('Active');
    expect(await keyCount()).toBe(1);
  });

  it('answers 503 ServiceUnavailable', async () => {
    await setFault({ action: 'CreateAccessKey', count: 1, kind: 'status503' });
    expect(await sdkError(createKey())).toMatchObject({
      code: 'ServiceUnavailable',
      statusCode: 503,
    });
    expect(await keyCount()).toBe(0);
  });

  it('answers 400 Throttling.User with the wait in x-acs-retry-after (throttling)', async () => {
    await setFault({ action: 'CreateAccessKey', count: 1, kind: 'throttling', delayMs: 3000 });
    const failure = await createKey().then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toMatchObject({
      name: 'ThrottlingError',
      code: 'Throttling.User',
      statusCode: 400,
      retryAfter: 3000,
    });
    expect(await keyCount()).toBe(0);
    expect(await keyCount()).toBe(0); // only the planned call
    expect((await createKey()).body!.accessKey!.status).toBe('Active');
  });

  it('commits then drops the connection without an answer (dropAfterCommit)', async () => {
    await setFault({ action: 'CreateAccessKey', count: 1, kind: 'dropAfterCommit' });
    const failure = await createKey().then(
      () => null,
      (err: Error) => err,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as { code?: string }).code ?? failure!.message)).toMatch(
      /ECONNRESET|socket hang up|other side closed/i,
    );
    expect(await keyCount()).toBe(1); // the orphan the console must find
  });

  it('delays the answer by delayMs', async () => {
    await setFault({ action: 'CreateAccessKey', count: 1, kind: 'delay', delayMs: 300 });
    const started = performance.now();
    await createKey();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    const again = performance.now();
    await root.getAccountAlias();
    expect(performance.now() - again).toBeLessThan(290);
  });

  it('clears planned faults with DELETE', async () => {
    await setFault({ action: 'CreateAccessKey', count: 5, kind: 'status500' });
    expect((await e.app.inject({ method: 'DELETE', url: '/__emulator/faults' })).statusCode).toBe(
      204,
    );
    expect((await e.app.inject({ method: 'GET', url: '/__emulator/faults' })).json()).toEqual({
      faults: [],
    });
    await createKey();
  });
});

describe('test hooks', () => {
  let e: Running;
  beforeAll(async () => {
    e = await startEmulator();
  });
  afterAll(() => e.close());

  it.each([
    [{ action: 'CreateAccessKey', kind: 'explode' }, 'kind'],
    [{ action: 'CreateAccessKey', kind: 'delay', count: 0 }, 'count'],
    [{ action: 'CreateAccessKey', kind: 'delay', delayMs: -1 }, 'delayMs'],
    [{ kind: 'status500' }, 'action'],
  ])('refuses a malformed fault %o', async (body, field) => {
    const res = await e.app.inject({ method: 'POST', url: '/__emulator/faults', payload: body });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toContain(field);
  });

  it.each([
    ['GET', '/__emulator/sms?phone=13800138000'],
    ['POST', '/__emulator/reset'],
    ['POST', '/__emulator/faults'],
    ['DELETE', '/__emulator/faults'],
    ['GET', '/__emulator/faults'],
  ] as const)('refuses %s %s from a non-loopback caller (403)', async (method, url) => {
    const res = await e.app.inject({
      method,
      url,
      remoteAddress: '10.0.0.1',
      payload: method === 'POST' ? {} : undefined,
    });
    expect(res.statusCode).toBe(403);
    const local = await e.app.inject({
      method,
      url,
      remoteAddress: '::ffff:127.0.0.1',
      payload: method === 'POST' ? {} : undefined,
    });
    expect(local.statusCode).not.toBe(403);
  });

  it('resets users, keys and the inbox but keeps the root pair working', async () => {
    const root = ram(e.port, e.root, 'v3');
    await root.createUser(new RamSdk.CreateUserRequest({ userName: 'temp' }));
    const extra = (await root.createAccessKey(new RamSdk.CreateAccessKeyRequest({}))).body!
      .accessKey!;
    expect((await e.app.inject({ method: 'POST', url: '/__emulator/reset' })).statusCode).toBe(204);
    expect((await root.listUsers(new RamSdk.ListUsersRequest({}))).body!.users!.user).toEqual([]);
    const keys = (await root.listAccessKeys(new RamSdk.ListAccessKeysRequest({}))).body!.accessKeys!
      .accessKey!;
    expect(keys.map((k) => k.accessKeyId)).toEqual([e.root.accessKeyId]);
    const gone = ram(
      e.port,
      { accessKeyId: extra.accessKeyId!, accessKeySecret: extra.accessKeySecret! },
      'v3',
    );
    expect(await sdkError(gone.getAccountAlias())).toMatchObject({
      code: 'InvalidAccessKeyId.NotFound',
    });
  });

  it('answers unknown hook paths with 404', async () => {
    expect((await e.app.inject({ method: 'GET', url: '/__emulator/nothing' })).statusCode).toBe(
      404,
    );
  });
});

describe('test hooks and DNS rebinding', () => {
  let e: Running;
  beforeAll(async () => {
    e = await startEmulator();
  });
  afterAll(() => e.close());

  /** Over a real socket to 127.0.0.1, with the Host a browser would send for the page's name. */
  const statusWithHost = (host: string) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: e.port, path: '/__emulator/sms', headers: { host } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject).end();
    });

  it('answer only a loopback Host with their own port', async () => {
    expect(await statusWithHost(`127.0.0.1:${e.port}`)).toBe(200);
    expect(await statusWithHost(`localhost:${e.port}`)).toBe(200);
    expect(await statusWithHost(`rebound.evil.example:${e.port}`)).toBe(403);
    expect(await statusWithHost('127.0.0.1')).toBe(403);
    expect(await statusWithHost(`127.0.0.1:${e.port + 1}`)).toBe(403);
  });
});
