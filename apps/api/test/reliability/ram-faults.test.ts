import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Agent, type Harness } from '../harness.js';

// RAM misbehaving through the emulator's fault hook (delay, 5xx, a dropped connection after the
// write committed) and RAM gone altogether. The console must answer with a clear code, never
// retry a write, and never leave anything written twice. (create-outcome.test.ts covers the
// create-specific orphan report; this file covers the other routes and the counts.)

const SHORT = { readTimeoutMs: 400, connectTimeoutMs: 400 };

const ids = (body: { accessKeys: { accessKeyId: string; status: string }[] }) =>
  body.accessKeys.map((k) => k.accessKeyId).sort();

async function auditFor(admin: Agent, requestId: string) {
  const res = await admin.request('GET', '/api/audit-events?limit=500');
  return (
    res.body.events as { requestId: string; outcome: string; errorCode: string | null }[]
  ).filter((e) => e.requestId === requestId);
}

describe('RAM faults: clear codes, writes never retried, nothing written twice', () => {
  let h: Harness;
  let admin: Agent;
  beforeAll(async () => {
    h = await startHarness({ timeouts: SHORT });
    admin = await h.signedIn('admin');
  });
  afterEach(async () => {
    await h.emulatorHook('DELETE', '/__emulator/faults');
  });
  afterAll(async () => {
    await h?.close();
  });

  const fault = (action: string, kind: string, extra: Record<string, number> = {}) =>
    h.emulatorHook('POST', '/__emulator/faults', { action, kind, count: 1, ...extra });
  const pending = async () =>
    (await h.emulatorHook('GET', '/__emulator/faults')).faults as unknown[];

  it('a delay under the SDK timeout only slows a read down', async () => {
    const before = await admin.request('GET', '/api/users/alice/access-keys');
    await fault('ListAccessKeys', 'delay', { delayMs: 150 });
    const res = await admin.request('GET', '/api/users/alice/access-keys');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(before.body);
    expect(await pending()).toEqual([]);
  });

  it('a read that keeps timing out: 502 RamUnavailable after two retries, no more', async () => {
    // GetUser: the first Users page may come from the user directory, not from RAM.
    await fault('GetUser', 'delay', { delayMs: 1000, count: 4 });
    const res = await admin.request('GET', '/api/users/alice');
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'RamUnavailable', message: expect.any(String) });
    // One try plus two retries: the fourth planned delay is still waiting.
    expect(await pending()).toEqual([expect.objectContaining({ action: 'GetUser', count: 1 })]);
  });

  it('a read whose connection drops is retried and answers', async () => {
    await fault('ListAccessKeys', 'dropAfterCommit');
    const res = await admin.request('GET', '/api/users/bob/access-keys');
    expect(res.status).toBe(200);
  });

  it('a RAM 503 that persists: 502 with RAM’s own code and request id', async () => {
    await fault('GetUser', 'status503', { count: 3 });
    const res = await admin.request('GET', '/api/users/alice');
    expect(res.status).toBe(502);
    expect(res.body.code).not.toBe('InternalError');
    expect(res.body.ramRequestId).toEqual(expect.any(String));
  });

  it('disable whose answer is lost: 502, applied once, audited once; disabling again is fine', async () => {
    const created = await admin.request('POST', '/api/users/alice/access-keys', {
      ticket: await admin.verify('CreateAccessKey', 'alice'),
    });
    expect(created.status).toBe(201);
    const id = created.body.accessKey.accessKeyId as string;
    await fault('UpdateAccessKey', 'dropAfterCommit', { count: 2 });
    const res = await admin.request('PATCH', `/api/users/alice/access-keys/${id}`, {
      body: { status: 'Inactive' },
    });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('RamUnavailable');
    // Not retried: one of the two planned drops is left.
    expect(await pending()).toEqual([
      expect.objectContaining({ action: 'UpdateAccessKey', count: 1 }),
    ]);
    await h.emulatorHook('DELETE', '/__emulator/faults');
    const list = await admin.request('GET', '/api/users/alice/access-keys');
    expect(
      list.body.accessKeys.find((k: { accessKeyId: string }) => k.accessKeyId === id).status,
    ).toBe('Inactive');
    expect(await auditFor(admin, res.body.requestId)).toEqual([
      expect.objectContaining({ outcome: 'failure', errorCode: 'RamUnavailable' }),
    ]);
    const again = await admin.request('PATCH', `/api/users/alice/access-keys/${id}`, {
      body: { status: 'Inactive' },
    });
    expect(again.status).toBe(204);
  });

  it('delete whose answer is lost: 502; the key is gone once and a second delete says so', async () => {
    const before = ids((await admin.request('GET', '/api/users/alice/access-keys')).body);
    const id = before[0]!;
    await admin.request('PATCH', `/api/users/alice/access-keys/${id}`, {
      body: { status: 'Inactive' },
    });
    await fault('DeleteAccessKey', 'dropAfterCommit', { count: 2 });
    const res = await admin.request('DELETE', `/api/users/alice/access-keys/${id}`, {
      ticket: await admin.verify('DeleteAccessKey', 'alice'),
    });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('RamUnavailable');
    expect(await pending()).toEqual([
      expect.objectContaining({ action: 'DeleteAccessKey', count: 1 }),
    ]);
    await h.emulatorHook('DELETE', '/__emulator/faults');
    const after = ids((await admin.request('GET', '/api/users/alice/access-keys')).body);
    expect(after).toEqual(before.filter((k) => k !== id));
    const second = await admin.request('DELETE', `/api/users/alice/access-keys/${id}`, {
      ticket: await admin.verify('DeleteAccessKey', 'alice'),
    });
    expect(second.status).toBe(404);
    expect(second.body.code).toMatch(/^EntityNotExist\./);
  });

  it('create user whose answer is lost: 502; exactly one user; trying again is a 409, not a twin', async () => {
    const count = async () =>
      (await admin.request('GET', '/api/users?maxItems=1000')).body.users.filter(
        (u: { userName: string }) => u.userName === 'carol',
      ).length;
    await fault('CreateUser', 'dropAfterCommit', { count: 2 });
    const res = await admin.request('POST', '/api/users', {
      body: { userName: 'carol', displayName: 'Carol' },
    });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('RamUnavailable');
    await h.emulatorHook('DELETE', '/__emulator/faults');
    expect(await count()).toBe(1);
    const again = await admin.request('POST', '/api/users', {
      body: { userName: 'carol', displayName: 'Carol' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EntityAlreadyExists.User');
    expect(await count()).toBe(1);
  });

  it('create key whose answer is lost: exactly one more key in RAM, one audit row', async () => {
    const before = ids((await admin.request('GET', '/api/users/bob/access-keys')).body);
    expect(before.length).toBeLessThan(2);
    await fault('CreateAccessKey', 'dropAfterCommit');
    const res = await admin.request('POST', '/api/users/bob/access-keys', {
      ticket: await admin.verify('CreateAccessKey', 'bob'),
    });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('CreateOutcomeUnknown');
    const after = ids((await admin.request('GET', '/api/users/bob/access-keys')).body);
    expect(after.length).toBe(before.length + 1);
    expect(res.body.orphanAccessKeyIds).toEqual(after.filter((k) => !before.includes(k)));
    expect(await auditFor(admin, res.body.requestId)).toHaveLength(1);
  });

  it('the SMS service failing: a clear 502 and no usable verification', async () => {
    await fault('SendSms', 'status503');
    const res = await admin.request('POST', '/api/verifications', {
      body: { action: 'CreateAccessKey', userName: 'alice' },
    });
    expect(res.status).toBe(502);
    expect(res.body.code).toEqual(expect.any(String));
    expect(res.body.code).not.toBe('InternalError');
    expect(res.body.verificationId).toBeUndefined();
  });
});

describe('RAM unreachable (the emulator closed)', () => {
  let h: Harness;
  let admin: Agent;
  let ticket: string;
  beforeAll(async () => {
    h = await startHarness({ timeouts: SHORT });
    admin = await h.signedIn('admin');
    // Earn a ticket while RAM (and its SMS) still answers, then take RAM away.
    ticket = await admin.verify('CreateAccessKey', 'alice');
    await h.emulator.close();
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ['GET', '/api/users'],
    ['GET', '/api/users/alice'],
    ['GET', '/api/users/alice/access-keys'],
    ['GET', '/api/account/access-keys'],
  ] as const)('%s %s → 502 RamUnavailable', async (method, url) => {
    const res = await admin.request(method, url);
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'RamUnavailable', requestId: expect.any(String) });
    expect(res.body.message).toMatch(/RAM/);
  });

  it('a create fails cleanly (nothing could have been created) and is audited', async () => {
    const res = await admin.request('POST', '/api/users/alice/access-keys', { ticket });
    expect(res.status).toBe(502);
    // The list before the create already failed: RAM never saw a CreateAccessKey.
    expect(res.body.code).toBe('RamUnavailable');
    expect(res.text).not.toMatch(/accessKeySecret/);
    expect(await auditFor(admin, res.body.requestId)).toEqual([
      expect.objectContaining({ outcome: 'failure' }),
    ]);
  });

  it('sign-in, the session and the audit trail do not depend on RAM', async () => {
    const again = await h.signedIn('admin');
    const me = await again.request('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect((await again.request('GET', '/api/audit-events')).status).toBe(200);
  });
});
