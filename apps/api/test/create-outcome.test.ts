import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

describe('a create whose answer is lost', () => {
  let h: Harness;
  beforeAll(async () => {
    // Short SDK timeouts so the delay fault trips them quickly.
    h = await startHarness({ timeouts: { readTimeoutMs: 400, connectTimeoutMs: 400 } });
  });
  afterEach(async () => {
    await h.emulatorHook('DELETE', '/__emulator/faults');
  });
  afterAll(async () => {
    await h?.close();
  });

  const ids = (body: { accessKeys: { accessKeyId: string }[] }) =>
    body.accessKeys.map((k) => k.accessKeyId);

  it('committed but the connection dropped: 502 CreateOutcomeUnknown naming the orphan key, audited', async () => {
    const admin = await h.signedIn('admin');
    const before = ids((await admin.request('GET', '/api/users/bob/access-keys')).body);
    await h.emulatorHook('POST', '/__emulator/faults', {
      action: 'CreateAccessKey',
      kind: 'dropAfterCommit',
      count: 1,
    });
    const res = await admin.request('POST', '/api/users/bob/access-keys', {
      ticket: await admin.verify('CreateAccessKey', 'bob'),
    });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('CreateOutcomeUnknown');
    expect(res.body.orphanAccessKeyIds).toHaveLength(1);
    const orphan = res.body.orphanAccessKeyIds[0];
    expect(before).not.toContain(orphan);
    const after = ids((await admin.request('GET', '/api/users/bob/access-keys')).body);
    expect(after).toContain(orphan);

    const audit = await admin.request('GET', '/api/audit-events?action=CreateAccessKey');
    expect(audit.body.events[0]).toMatchObject({
      outcome: 'failure',
      errorCode: 'CreateOutcomeUnknown',
      ramUserName: 'bob',
      accessKeyId: orphan,
    });

    // The orphan can be removed like any key.
    const del = await admin.request('DELETE', `/api/users/bob/access-keys/${orphan}`, {
      ticket: await admin.verify('DeleteAccessKey', 'bob'),
    });
    expect(del.status).toBe(204);
  });

  it('never retries a create: one CreateAccessKey call reaches RAM', async () => {
    const admin = await h.signedIn('admin');
    await h.emulatorHook('POST', '/__emulator/faults', {
      action: 'CreateAccessKey',
      kind: 'dropAfterCommit',
      count: 2,
    });
    const res = await admin.request('POST', '/api/account/access-keys', {
      ticket: await admin.verify('CreateAccessKey'),
    });
    expect(res.status).toBe(502);
    expect(res.body.orphanAccessKeyIds).toHaveLength(1);
    // One of the two planned faults is still waiting: the console called CreateAccessKey once.
    const faults = await h.emulatorHook('GET', '/__emulator/faults');
    expect(faults.faults).toEqual([
      expect.objectContaining({ action: 'CreateAccessKey', count: 1 }),
    ]);
    await h.emulatorHook('DELETE', '/__emulator/faults');
    const orphan = res.body.orphanAccessKeyIds[0];
    await admin.request('PATCH', `/api/account/access-keys/${orphan}`, {
      body: { status: 'Inactive' },
    });
    await admin.request('DELETE', `/api/account/access-keys/${orphan}`, {
      ticket: await admin.verify('DeleteAccessKey'),
    });
  });

  it('a timeout is reported as CreateOutcomeUnknown too', async () => {
    const admin = await h.signedIn('admin');
    await h.emulatorHook('POST', '/__emulator/faults', {
      action: 'CreateAccessKey',
      kind: 'delay',
      delayMs: 1200,
      count: 1,
    });
    const res = await admin.request('POST', '/api/users/alice/access-keys', {
      ticket: await admin.verify('CreateAccessKey', 'alice'),
    });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('CreateOutcomeUnknown');
    expect(Array.isArray(res.body.orphanAccessKeyIds)).toBe(true);
  });

  it('a RAM 503 with nothing created is a plain 502 with RAM’s code, not an orphan report', async () => {
    const admin = await h.signedIn('admin');
    const before = ids((await admin.request('GET', '/api/users/bob/access-keys')).body);
    expect(before.length).toBeLessThan(2);
    await h.emulatorHook('POST', '/__emulator/faults', {
      action: 'CreateAccessKey',
      kind: 'status503',
      count: 1,
    });
    const res = await admin.request('POST', '/api/users/bob/access-keys', {
      ticket: await admin.verify('CreateAccessKey', 'bob'),
    });
    expect(res.status).toBe(502);
    expect(res.body.code).not.toBe('CreateOutcomeUnknown');
    expect(res.body.ramRequestId).toEqual(expect.any(String));
  });

  it('reads retry through a transient 5xx', async () => {
    const admin = await h.signedIn('admin');
    await h.emulatorHook('POST', '/__emulator/faults', {
      action: 'ListAccessKeys',
      kind: 'status500',
      count: 1,
    });
    const res = await admin.request('GET', '/api/users/bob/access-keys');
    expect(res.status).toBe(200);
  });

  it('sign-in does not depend on RAM answering', async () => {
    // RAM cannot name the account from before the console starts (a restart forgets the cached
    // alias, and the start may already ask for it), for every retry of every read.
    await h.emulatorHook('POST', '/__emulator/faults', {
      action: 'GetAccountAlias',
      kind: 'status503',
      count: 1000,
    });
    await h.restart();
    const admin = h.agent();
    const res = await admin.signIn('admin', 'admin-password-123');
    expect(res.status).toBe(200);
    expect(res.body.accountAlias).toBe('');
    await h.emulatorHook('DELETE', '/__emulator/faults');
    const me = await admin.request('GET', '/api/auth/me');
    expect(me.body.accountAlias).not.toBe('');
  });

  it('a write whose answer is lost is 502 RamUnavailable, and it is not retried', async () => {
    const admin = await h.signedIn('admin');
    await h.emulatorHook('POST', '/__emulator/faults', {
      action: 'CreateUser',
      kind: 'status500',
      count: 2,
    });
    const res = await admin.request('POST', '/api/users', {
      body: { userName: 'flaky', displayName: 'Flaky' },
    });
    expect(res.status).toBe(502);
    const faults = await h.emulatorHook('GET', '/__emulator/faults');
    expect(faults.faults).toEqual([expect.objectContaining({ action: 'CreateUser', count: 1 })]);
  });
});
