import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockSecondsAfter } from '../src/plugins/app/sign-in-throttle.js';
import { ADMIN, MEMBER, startHarness, type Harness } from './harness.js';

/**
 * Failed sign-ins slow down that name from that address only (growing delays), never the account:
 * knowing an admin's name is no longer enough to keep the admin out during an incident, and an
 * unknown name gets exactly the same answers as a known one.
 */
describe('sign-in throttling per (account, client IP)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const signIn = (username: string, password: string, ip: string) =>
    h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: ip,
      payload: { username, password },
    });
  const answer = (r: Awaited<ReturnType<typeof signIn>>) => {
    const { requestId, ...body } = r.json();
    expect(requestId).toEqual(expect.any(String));
    return { status: r.statusCode, retryAfter: r.headers['retry-after'], body };
  };

  it('delays grow from 32 s to a 15-minute cap after the 5th failure in a row', () => {
    expect([4, 5, 6, 7, 8, 9, 10, 50].map(blockSecondsAfter)).toEqual([
      0, 32, 64, 128, 256, 512, 900, 900,
    ]);
  });

  it(
    "an attacker's failures throttle their address only; the owner signs in from theirs",
    { timeout: 60_000 },
    async () => {
      for (let i = 0; i < 5; i++) {
        expect((await signIn(ADMIN.username, 'guess-guess-guess', '203.0.113.7')).statusCode).toBe(
          401,
        );
      }
      // Even the right password is not checked from that address now.
      const blocked = answer(await signIn(ADMIN.username, ADMIN.password, '203.0.113.7'));
      expect(blocked).toEqual({
        status: 429,
        retryAfter: '32',
        body: {
          code: 'SignInThrottled',
          message: expect.stringContaining('try again in 32 s'),
          details: { retryAfterSeconds: 32 },
        },
      });
      // The admin, from the office, is not locked out.
      expect((await signIn(ADMIN.username, ADMIN.password, '198.51.100.20')).statusCode).toBe(200);
    },
  );

  it(
    'unknown and known names get the same answers, wrong and throttled',
    { timeout: 60_000 },
    async () => {
      const known: ReturnType<typeof answer>[] = [];
      const unknown: ReturnType<typeof answer>[] = [];
      for (let i = 0; i < 6; i++) {
        known.push(answer(await signIn(MEMBER.username, 'wrong-password-1', '192.0.2.44')));
        unknown.push(answer(await signIn('nobody-here', 'wrong-password-1', '192.0.2.44')));
      }
      expect(unknown).toEqual(known);
      expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429]);
      // AccountLocked (423, known accounts only) is gone.
      expect(known.some((a) => a.status === 423)).toBe(false);
    },
  );

  const row = (username: string, ip: string) =>
    h.db
      .selectFrom('login_throttles')
      .select(['failures', 'blocked_until'])
      .where('username', '=', username)
      .where('ip', '=', ip)
      .executeTakeFirst();

  // Every try that is not throttled runs scrypt at N=2^17 (about a second on a busy 2-core
  // machine): this walk needs a dozen of them.
  it(
    'each block lasts longer; a success clears the address; a quiet day forgets',
    { timeout: 90_000 },
    async () => {
      const ip = '192.0.2.99';
      for (let i = 0; i < 5; i++) await signIn(MEMBER.username, 'wrong-password-2', ip);
      let r = answer(await signIn(MEMBER.username, 'wrong-password-2', ip));
      expect(r.body.details.retryAfterSeconds).toBe(32);
      h.clock.advance(32_000);
      // One more try after the block; wrong again → a longer block.
      expect((await signIn(MEMBER.username, 'wrong-password-2', ip)).statusCode).toBe(401);
      r = answer(await signIn(MEMBER.username, MEMBER.password, ip));
      expect(r).toMatchObject({ status: 429, body: { details: { retryAfterSeconds: 64 } } });
      h.clock.advance(64_000);
      expect((await signIn(MEMBER.username, MEMBER.password, ip)).statusCode).toBe(200);
      // Cleared.
      expect(await row(MEMBER.username, ip)).toBeUndefined();

      // A run of failures a day old is forgotten: counting starts again at 1.
      for (let i = 0; i < 5; i++) await signIn(MEMBER.username, 'wrong-password-3', ip);
      expect(await row(MEMBER.username, ip)).toMatchObject({ failures: 5 });
      h.clock.advance(24 * 3_600_000 + 1000);
      expect((await signIn(MEMBER.username, 'wrong-password-4', ip)).statusCode).toBe(401);
      expect(await row(MEMBER.username, ip)).toEqual({ failures: 1, blocked_until: null });
    },
  );

  it('throttled sign-ins are audited under their own action, with the reason', async () => {
    const admin = await h.signedIn('admin');
    const res = await admin.request('GET', '/api/audit-events?action=LoginThrottled&limit=500');
    expect(res.status).toBe(200);
    expect(res.body.events.length).toBeGreaterThanOrEqual(4);
    expect(res.body.events).toContainEqual(
      expect.objectContaining({
        operator: 'nobody-here',
        action: 'LoginThrottled',
        outcome: 'failure',
        errorCode: 'SignInThrottled',
        ip: '192.0.2.44',
      }),
    );
    expect(res.body.events).toContainEqual(
      expect.objectContaining({ operator: ADMIN.username, ip: '203.0.113.7' }),
    );
  });

  it('a success clearing the pair while a try is counted never makes that try "throttled"', async () => {
    // The right password from this address deletes the pair's row (succeeded) while a parallel
    // try is between counting's INSERT and its conditional UPDATE: that try once found no row to
    // update and answered 429 SignInThrottled with nothing blocking it.
    const { signInThrottle } = h.app.services;
    const ip = '192.0.2.99';
    const results = [];
    for (let round = 0; round < 40; round++) {
      const [reservation] = await Promise.all([
        signInThrottle.reserve(MEMBER.username, ip),
        signInThrottle.succeeded(MEMBER.username, ip),
      ]);
      results.push(reservation);
    }
    expect(results.filter((r) => !r.ok)).toEqual([]);
    // Still counted, still capped: five failures in a row block the pair as before.
    await signInThrottle.succeeded(MEMBER.username, ip);
    for (let i = 0; i < 5; i++)
      expect(await signInThrottle.reserve(MEMBER.username, ip)).toEqual({ ok: true });
    expect(await signInThrottle.reserve(MEMBER.username, ip)).toEqual({
      ok: false,
      retryAfterSeconds: 32,
    });
  });
});
