import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createMovableClock } from '../src/lib/clock.js';
import { startHarness, type Harness } from './harness.js';

const advance = (h: Harness, advanceMs: unknown, remoteAddress = '127.0.0.1', headers = {}) =>
  h.app.inject({
    method: 'POST',
    url: '/api/__test/clock',
    remoteAddress,
    headers,
    payload: { advanceMs },
  });

describe('the test channel (CONSOLE_TEST_HOOKS)', () => {
  let withHooks: Harness;
  let without: Harness;
  beforeAll(async () => {
    [withHooks, without] = await Promise.all([
      startHarness({ testHooks: true, env: { TRUST_PROXY: '10.0.0.0/8' } }),
      startHarness(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([withHooks?.close(), without?.close()]);
  });

  it('does not exist on a server started without test hooks', async () => {
    const res = await advance(without, 60_000);
    expect(res.statusCode).toBe(404);
  });

  it('answers loopback sockets only, whatever a trusted proxy’s X-Forwarded-For says', async () => {
    const before = withHooks.clock.t;
    for (const remote of ['10.0.0.7', '192.168.1.2', '::ffff:10.0.0.7', '2001:db8::1']) {
      const res = await advance(withHooks, 60_000, remote, { 'x-forwarded-for': '127.0.0.1' });
      expect(res.statusCode, remote).toBe(403);
      expect(res.json().code).toBe('Forbidden');
    }
    expect(withHooks.clock.t).toBe(before);
  });

  it('moves the clock forward only, by a bounded amount', async () => {
    for (const bad of [-1, 1.5, '60000', 367 * 24 * 3_600_000]) {
      expect((await advance(withHooks, bad)).statusCode, String(bad)).toBe(400);
    }
    const before = withHooks.clock.t;
    const res = await advance(withHooks, 90_000, '::1');
    expect(res.statusCode).toBe(200);
    expect(withHooks.clock.t - before).toBe(90_000);
    expect(Date.parse(res.json().now)).toBe(withHooks.clock.t);
  });

  it('is the clock the API decides with: a code expires once the clock moves 6 minutes on', async () => {
    withHooks.clock.advance(2 * 3_600_000);
    const admin = await withHooks.signedIn('admin');
    const started = await admin.request('POST', '/api/verifications', {
      body: { action: 'CreateAccessKey', userName: 'alice' },
    });
    expect(started.status).toBe(201);
    const code = await withHooks.latestCode('admin');
    expect((await advance(withHooks, 6 * 60_000)).statusCode).toBe(200);
    const confirmed = await admin.request(
      'POST',
      `/api/verifications/${started.body.verificationId}/confirm`,
      { body: { code } },
    );
    expect(confirmed.body.code).toBe('VerificationExpired');
  });

  it('cannot be switched on against real RAM', () => {
    expect(() =>
      loadConfig({ CONSOLE_TEST_HOOKS: 'true', RAM_ENDPOINT: 'ram.aliyuncs.com' }),
    ).toThrow(ConfigError);
    try {
      loadConfig({ CONSOLE_TEST_HOOKS: 'true', RAM_ENDPOINT: 'ram.aliyuncs.com' });
    } catch (err) {
      expect((err as ConfigError).problems.join('\n')).toContain('CONSOLE_TEST_HOOKS');
    }
    // Nor behind a proxy (every request would come from a loopback peer), nor served beyond
    // this machine.
    for (const env of [
      { TRUST_PROXY: 'loopback' },
      { TRUST_PROXY: '10.0.0.5' },
      { HOST: '0.0.0.0', PUBLIC_URL: 'https://console.example.com' },
      { PUBLIC_URL: 'https://console.example.com' },
    ]) {
      expect(() => loadConfig({ CONSOLE_TEST_HOOKS: 'true', ...env }), JSON.stringify(env)).toThrow(
        /CONSOLE_TEST_HOOKS/,
      );
      expect(loadConfig(env).testHooks).toBe(false);
    }
    expect(loadConfig({ CONSOLE_TEST_HOOKS: 'true', TRUST_PROXY: 'false' }).testHooks).toBe(true);
    expect(loadConfig({ CONSOLE_TEST_HOOKS: 'true' }).testHooks).toBe(true);
    expect(loadConfig({}).testHooks).toBe(false);
    expect(() => loadConfig({ CONSOLE_TEST_HOOKS: 'yes' })).toThrow(ConfigError);
  });

  it('a movable clock never goes back, and moves only once the clock it follows has', async () => {
    const moved: number[] = [];
    const clock = createMovableClock(
      () => new Date(1_000),
      async (ms) => {
        if (ms === 7) throw new Error('the emulator did not answer');
        moved.push(ms);
      },
    );
    expect((await clock.advance(500)).getTime()).toBe(1_500);
    expect(moved).toEqual([500]);
    await expect(clock.advance(-1)).rejects.toThrow(RangeError);
    await expect(clock.advance(7)).rejects.toThrow('the emulator did not answer');
    expect(clock.now().getTime()).toBe(1_500);
  });
});
