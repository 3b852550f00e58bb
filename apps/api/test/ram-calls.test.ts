/**
 * Issue 12 (P6): what a page view costs in RAM calls, counted where they reach the emulator
 * (bench/ram-call-counter.ts sits between the console's SDK and the emulator), and how the console
 * behaves when RAM throttles or when many views arrive at once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Agent, type Harness } from './harness.js';

const CACHE_WINDOW_MS = 15_000; // LAST_USED_CACHE_SECONDS default

async function twoKeys(h: Harness, userName: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    ids.push((await h.app.services.ram.createAccessKey(userName)).value.accessKeyId);
  }
  return ids;
}

const fault = (h: Harness, body: Record<string, unknown>) =>
  h.emulatorHook('POST', '/__emulator/faults', body);

describe('RAM calls per page view (last-used cache and single-flight)', () => {
  let h: Harness;
  let admin: Agent;
  let keys: string[];
  beforeAll(async () => {
    h = await startHarness({ countRamCalls: true });
    admin = await h.signedIn('admin');
    keys = await twoKeys(h, 'alice');
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.emulatorHook('DELETE', '/__emulator/faults');
    // Past any window a previous test opened.
    h.clock.advance(CACHE_WINDOW_MS);
    h.ramCalls!.reset();
  });

  const view = async () => {
    const res = await admin.request('GET', '/api/users/alice/access-keys');
    expect(res.status).toBe(200);
    return res.body.accessKeys as { accessKeyId: string; lastUsedDate: string | null }[];
  };

  it('a cold view asks for each key; warm views within the window cost one call each', async () => {
    await view();
    expect(h.ramCalls!.counts()).toEqual({
      ListAccessKeys: 1,
      GetAccessKeyLastUsed: 2,
      // Once a minute: the idle days behind the idle-disable-soon flag.
      GetSecurityPreference: 1,
      // Once per instance: the domain IMS names users by (GetAccessKeyLastUsed's UPN).
      GetDefaultDomain: 1,
    });

    h.ramCalls!.reset();
    for (let i = 0; i < 5; i++) {
      h.clock.advance(2_000);
      await view();
    }
    expect(h.ramCalls!.counts()).toEqual({ ListAccessKeys: 5 });

    // The window has passed (5 × 2 s + 5 s): RAM is asked again.
    h.ramCalls!.reset();
    h.clock.advance(5_000);
    await view();
    expect(h.ramCalls!.counts()).toEqual({ ListAccessKeys: 1, GetAccessKeyLastUsed: 2 });
  });

  it('the account AccessKey page is cached the same way', async () => {
    const account = async () =>
      expect((await admin.request('GET', '/api/account/access-keys')).status).toBe(200);
    await account();
    const cold = h.ramCalls!.counts();
    expect(cold.ListAccessKeys).toBe(1);
    expect(cold.GetAccessKeyLastUsed).toBeGreaterThanOrEqual(1); // the console's own key at least
    h.ramCalls!.reset();
    await account();
    expect(h.ramCalls!.counts()).toEqual({ ListAccessKeys: 1 });
  });

  it('a burst of cold views shares one GetAccessKeyLastUsed per key (single-flight)', async () => {
    // Hold each key's first lookup so that every view of the burst finds it in flight.
    await fault(h, {
      action: 'GetAccessKeyLastUsed',
      kind: 'delay',
      count: 2,
      delayMs: 400,
    });
    const views = await Promise.all(Array.from({ length: 12 }, () => view()));
    expect(views.every((v) => v.length === 2)).toBe(true);
    expect(h.ramCalls!.counts()).toEqual({ ListAccessKeys: 12, GetAccessKeyLastUsed: 2 });
  });

  it("the console's own change to a key drops that key's last use, not the other's", async () => {
    await view();
    h.ramCalls!.reset();
    const disabled = await admin.request('PATCH', `/api/users/alice/access-keys/${keys[0]}`, {
      body: { status: 'Inactive' },
    });
    expect(disabled.status).toBe(204);
    // (The ListAccessKeys: the key must be alice's before it is touched.)
    expect(h.ramCalls!.counts()).toEqual({ ListAccessKeys: 1, UpdateAccessKey: 1 });
    h.ramCalls!.reset();
    await view();
    expect(h.ramCalls!.counts()).toEqual({ ListAccessKeys: 1, GetAccessKeyLastUsed: 1 });
    const enabled = await admin.request('PATCH', `/api/users/alice/access-keys/${keys[0]}`, {
      body: { status: 'Active' },
      ticket: await admin.verify('EnableAccessKey', 'alice'),
    });
    expect(enabled.status).toBe(204);
  });

  it("the rotation wizard's poll always asks RAM, and sees a use at once", async () => {
    await view();
    h.ramCalls!.reset();
    const poll = async () => {
      const res = await admin.request('GET', '/api/users/alice/rotation');
      expect(res.status).toBe(200);
      return res;
    };
    await poll();
    await poll();
    expect(h.ramCalls!.counts()).toEqual({ ListAccessKeys: 2, GetAccessKeyLastUsed: 4 });
  });

  it('LAST_USED_CACHE_SECONDS=0 asks RAM on every view', async () => {
    const off = await startHarness({ countRamCalls: true, env: { LAST_USED_CACHE_SECONDS: '0' } });
    try {
      await twoKeys(off, 'bob');
      const a = await off.signedIn('admin');
      off.ramCalls!.reset();
      for (let i = 0; i < 3; i++) {
        expect((await a.request('GET', '/api/users/bob/access-keys')).status).toBe(200);
      }
      expect(off.ramCalls!.counts()).toEqual({
        ListAccessKeys: 3,
        GetAccessKeyLastUsed: 6,
        GetSecurityPreference: 1,
        GetDefaultDomain: 1,
      });
    } finally {
      await off.close();
    }
  });

  it('a GetDefaultDomain RAM refuses falls back to the alias domain once, not on every view', async () => {
    const other = await startHarness({
      countRamCalls: true,
      env: { LAST_USED_CACHE_SECONDS: '0' },
    });
    try {
      const [id] = await twoKeys(other, 'bob');
      await other.emulatorHook('POST', '/__emulator/access-key-usage', {
        accessKeyId: id,
        serviceName: 'Oss',
        ip: '203.0.113.7',
        at: new Date(Date.now() - 60_000).toISOString(),
      });
      await fault(other, { action: 'GetDefaultDomain', kind: 'status500', count: 100 });
      const a = await other.signedIn('admin');
      other.ramCalls!.reset();
      for (let i = 0; i < 3; i++) {
        const res = await a.request('GET', '/api/users/bob/access-keys');
        expect(res.status).toBe(200);
        // The service comes from IMS, asked by bob@<alias>.onaliyun.com: the fallback is right.
        const keys = res.body.accessKeys as { accessKeyId: string; lastUsedService: string }[];
        expect(keys.find((k) => k.accessKeyId === id)?.lastUsedService).toBe('Oss');
      }
      const counts = other.ramCalls!.counts();
      expect(counts.GetAccessKeyLastUsed).toBe(6);
      expect(counts.GetDefaultDomain).toBeGreaterThanOrEqual(1);
      const firstView = counts.GetDefaultDomain!;
      other.ramCalls!.reset();
      await a.request('GET', '/api/users/bob/access-keys');
      expect(other.ramCalls!.counts().GetDefaultDomain).toBeUndefined();
      expect(firstView).toBeLessThanOrEqual(4);
    } finally {
      await other.close();
    }
  });

  it('shows many views in flight reaching RAM at once when the cap allows it', async () => {
    await fault(h, { action: 'GetUser', kind: 'delay', count: 8, delayMs: 150 });
    const res = await Promise.all(
      Array.from({ length: 8 }, () => admin.request('GET', '/api/users/alice')),
    );
    expect(res.every((r) => r.status === 200)).toBe(true);
    // The default cap (16) lets all 8 through together: the count below can tell.
    expect(h.ramCalls!.peakInFlight()).toBeGreaterThan(2);
  });
});

describe('RAM_MAX_CONCURRENT_CALLS caps the calls in flight per instance', () => {
  it('never has more than the cap in flight, and every request still succeeds', async () => {
    const h = await startHarness({ countRamCalls: true, env: { RAM_MAX_CONCURRENT_CALLS: '2' } });
    try {
      const admin = await h.signedIn('admin');
      await fault(h, { action: 'GetUser', kind: 'delay', count: 8, delayMs: 150 });
      h.ramCalls!.reset();
      const res = await Promise.all(
        Array.from({ length: 8 }, () => admin.request('GET', '/api/users/alice')),
      );
      expect(res.map((r) => r.status)).toEqual(Array(8).fill(200));
      expect(h.ramCalls!.counts()).toEqual({ GetUser: 8 });
      expect(h.ramCalls!.peakInFlight()).toBe(2);
      expect(h.app.services.ram.stats()).toMatchObject({ active: 0, queued: 0 });
    } finally {
      await h.close();
    }
  });
});

describe('when RAM throttles (Throttling.User)', () => {
  let h: Harness;
  let admin: Agent;
  let keys: string[];
  beforeAll(async () => {
    h = await startHarness({ countRamCalls: true });
    admin = await h.signedIn('admin');
    keys = await twoKeys(h, 'bob');
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.emulatorHook('DELETE', '/__emulator/faults');
    h.ramCalls!.reset();
  });

  it('a read backs off and retries, and the operator never sees it', async () => {
    await fault(h, { action: 'ListAccessKeys', kind: 'throttling', count: 2, delayMs: 1 });
    const res = await admin.request('GET', '/api/users/bob/access-keys');
    expect(res.status).toBe(200);
    expect(res.body.accessKeys).toHaveLength(2);
    expect(h.ramCalls!.counts().ListAccessKeys).toBe(3);
  });

  it('a read still throttled after 3 retries is a 429 RamThrottled with the wait', async () => {
    await fault(h, { action: 'GetUser', kind: 'throttling', count: 10, delayMs: 1 });
    const res = await admin.request('GET', '/api/users/bob');
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({
      code: 'RamThrottled',
      details: { retryAfterSeconds: 1 },
      ramRequestId: expect.any(String),
    });
    expect(res.body.message).toMatch(/throttling.*try again in 1 s/i);
    expect(res.headers['retry-after']).toBe('1');
    expect(h.ramCalls!.counts()).toEqual({ GetUser: 4 });
  });

  it('a long wait asked by RAM is not held in the request: one try, then the wait', async () => {
    await fault(h, { action: 'GetUser', kind: 'throttling', count: 10, delayMs: 5_000 });
    const started = performance.now();
    const res = await admin.request('GET', '/api/users/bob');
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(res.status).toBe(429);
    expect(res.body.details).toEqual({ retryAfterSeconds: 5 });
    expect(h.ramCalls!.counts()).toEqual({ GetUser: 1 });
  });

  it('a throttled write is tried once, answered 429 with the wait, audited, and changes nothing', async () => {
    await fault(h, { action: 'UpdateAccessKey', kind: 'throttling', count: 1, delayMs: 3_000 });
    const res = await admin.request('PATCH', `/api/users/bob/access-keys/${keys[0]}`, {
      body: { status: 'Inactive' },
    });
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ code: 'RamThrottled', details: { retryAfterSeconds: 3 } });
    expect(res.headers['retry-after']).toBe('3');
    expect(h.ramCalls!.counts()).toEqual({ ListAccessKeys: 1, UpdateAccessKey: 1 });

    const listed = await admin.request('GET', '/api/users/bob/access-keys');
    expect(listed.body.accessKeys.map((k: { status: string }) => k.status)).toEqual([
      'Active',
      'Active',
    ]);
    const audit = await admin.request('GET', '/api/audit-events?action=DisableAccessKey');
    expect(audit.body.events[0]).toMatchObject({
      action: 'DisableAccessKey',
      accessKeyId: keys[0],
      outcome: 'failure',
      errorCode: 'RamThrottled',
    });
    // Once RAM lets it through, the same request works.
    const again = await admin.request('PATCH', `/api/users/bob/access-keys/${keys[0]}`, {
      body: { status: 'Inactive' },
    });
    expect(again.status).toBe(204);
  });

  it('a throttled create creates nothing and is not retried', async () => {
    await fault(h, { action: 'CreateAccessKey', kind: 'throttling', count: 1, delayMs: 2_000 });
    const created = await admin.request('POST', '/api/users/alice/access-keys', {
      ticket: await admin.verify('CreateAccessKey', 'alice'),
    });
    expect(created.status).toBe(429);
    expect(created.body).toMatchObject({
      code: 'RamThrottled',
      details: { retryAfterSeconds: 2 },
    });
    expect(created.body.accessKey).toBeUndefined();
    expect(h.ramCalls!.counts().CreateAccessKey).toBe(1);
  });
});
