import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, MEMBER, startHarness, type Agent, type Harness } from './harness.js';

/**
 * Every counter that guards something holds exactly under a parallel burst: wrong codes, codes
 * sent per hour (and the resend delay), failed sign-ins, and one active rotation per RAM user.
 * Each burst goes through app.inject and through a real listening server over several keep-alive
 * HTTP connections. The database answers each query in a later turn of the event loop, as
 * PostgreSQL over the network will (`networkedDb`): with better-sqlite3's synchronous answers a
 * read-then-write never interleaves with another request in one process, and the test would prove
 * nothing about the statements themselves.
 */
describe('limits hold under parallel requests', () => {
  let h: Harness;
  let baseUrl: string;
  const http = new HttpAgent({ keepAlive: true, maxSockets: 8 });
  beforeAll(async () => {
    h = await startHarness({ networkedDb: true });
    baseUrl = await h.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    http.destroy();
    await h?.close();
  });

  /** One request over the shared 8-connection agent. */
  const viaHttp = (
    method: string,
    path: string,
    a: Agent,
    body?: unknown,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON freely
  ): Promise<{ status: number; body: any }> =>
    new Promise((resolve, reject) => {
      // The harness's public origin (PUBLIC_URL) is http://localhost.
      const headers: Record<string, string> = { host: 'localhost' };
      if (a.cookie) headers.cookie = a.cookie;
      if (method !== 'GET' && a.csrfToken) headers['x-csrf-token'] = a.csrfToken;
      const payload = body === undefined ? undefined : JSON.stringify(body);
      if (payload) headers['content-type'] = 'application/json';
      const req = httpRequest(new URL(path, baseUrl), { method, headers, agent: http }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }),
        );
      });
      req.on('error', reject);
      req.end(payload);
    });

  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const tally = (statuses: number[]) =>
    statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});

  /** A code to try; call right after signing in (the clock moved before). */
  async function freshCode(admin: Agent, userName: string) {
    const started = await admin.request('POST', '/api/verifications', {
      body: { action: 'CreateAccessKey', userName },
    });
    expect(started.status).toBe(201);
    return { id: started.body.verificationId as string, code: await h.latestCode('admin') };
  }

  async function expectBurned(admin: Agent, v: { id: string; code: string }) {
    const row = await h.db
      .selectFrom('verifications')
      .select(['attempts', 'state'])
      .where('id', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ attempts: 5, state: 'burned' });
    const right = await admin.request('POST', `/api/verifications/${v.id}/confirm`, {
      body: { code: v.code },
    });
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('VerificationAttemptsExceeded');
  }

  it('50 parallel wrong codes (inject): exactly 5 are compared, then the code is burnt', async () => {
    h.clock.advance(2 * 3_600_000);
    const admin = await h.signedIn('admin');
    const v = await freshCode(admin, 'alice');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        admin.request('POST', `/api/verifications/${v.id}/confirm`, {
          body: { code: wrong(v.code) },
        }),
      ),
    );
    expect(tally(answers.map((a) => a.status))).toEqual({ 400: 4, 429: 46 });
    const left = answers.filter((a) => a.status === 400).map((a) => a.body.details.attemptsLeft);
    expect(left.sort()).toEqual([1, 2, 3, 4]);
    await expectBurned(admin, v);
  });

  it('50 parallel wrong codes over 8 HTTP connections: exactly 5 are compared', async () => {
    h.clock.advance(2 * 3_600_000);
    const admin = await h.signedIn('admin');
    const v = await freshCode(admin, 'bob');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        viaHttp('POST', `/api/verifications/${v.id}/confirm`, admin, { code: wrong(v.code) }),
      ),
    );
    expect(tally(answers.map((a) => a.status))).toEqual({ 400: 4, 429: 46 });
    await expectBurned(admin, v);
  });

  it('20 parallel sends to 20 targets: exactly 5 per hour; 20 to one target: exactly 1', async () => {
    h.clock.advance(2 * 3_600_000);
    const admin = await h.signedIn('admin');
    const spread = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        admin.request('POST', '/api/verifications', {
          body: { action: 'CreateAccessKey', userName: `burst-${i}` },
        }),
      ),
    );
    expect(tally(spread.map((a) => a.status))).toEqual({ 201: 5, 429: 15 });
    for (const a of spread.filter((x) => x.status === 429)) {
      expect(a.body.code).toBe('VerificationSendLimitExceeded');
    }

    h.clock.advance(2 * 3_600_000);
    const again = await h.signedIn('admin');
    const same = await Promise.all(
      Array.from({ length: 20 }, () =>
        viaHttp('POST', '/api/verifications', again, {
          action: 'DeleteAccessKey',
          userName: 'alice',
        }),
      ),
    );
    expect(tally(same.map((a) => a.status))).toEqual({ 201: 1, 429: 19 });
    expect(new Set(same.filter((a) => a.status === 429).map((a) => a.body.code))).toEqual(
      new Set(['VerificationResendTooSoon']),
    );
    // Only the codes that were sent exist.
    const rows = await h.db
      .selectFrom('verifications')
      .select('id')
      .where('operator_username', '=', 'admin')
      .where('created_at', '>', new Date(h.clock.t - 3_600_000).toISOString())
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('20 parallel rotation starts: exactly one rotation is active', async () => {
    const admin = await h.signedIn('admin');
    const ticket = await admin.verify('CreateAccessKey', 'alice');
    expect(
      (await admin.request('POST', '/api/users/alice/access-keys', { body: {}, ticket })).status,
    ).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => viaHttp('POST', '/api/users/alice/rotation', admin)),
    );
    expect(tally(answers.map((a) => a.status))).toEqual({ 201: 1, 409: 19 });
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(a.body).toMatchObject({
        code: 'RotationCannotStart',
        details: { reason: 'alreadyInProgress' },
      });
    }
    const active = await h.db
      .selectFrom('rotations')
      .select('id')
      .where('ram_user_name', '=', 'alice')
      .where('state', '=', 'active')
      .execute();
    expect(active).toHaveLength(1);
  });

  it('50 parallel wrong passwords from one address: exactly 5 are checked', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        h.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: '10.9.9.9',
          payload: { username: ADMIN.username, password: 'not-the-password' },
        }),
      ),
    );
    expect(tally(answers.map((a) => a.statusCode))).toEqual({ 401: 5, 429: 45 });
    // The owner, from their own address, is not kept out.
    const owner = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.1.1.1',
      payload: { username: ADMIN.username, password: ADMIN.password },
    });
    expect(owner.statusCode).toBe(200);
  });

  it('30 parallel wrong current passwords from a stolen session: exactly 5 are checked', async () => {
    // A thief holding mia's cookie tries to learn her password through the password change: the
    // same (username, IP) throttle as the sign-in counts every try before the password is checked.
    const stolen = await h.signedIn('member');
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        h.app.inject({
          method: 'POST',
          url: '/api/auth/password',
          remoteAddress: '10.7.7.7',
          headers: { cookie: stolen.cookie!, 'x-csrf-token': stolen.csrfToken! },
          payload: { currentPassword: `guess-number-${i}`, newPassword: 'thief-password-123' },
        }),
      ),
    );
    expect(tally(answers.map((a) => a.statusCode))).toEqual({ 400: 5, 429: 25 });
    expect(answers.find((a) => a.statusCode === 429)!.json().code).toBe('SignInThrottled');
    // The guesses and sign-ins share the counter: that address cannot sign in as mia either...
    const fromThief = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.7.7.7',
      payload: { username: MEMBER.username, password: MEMBER.password },
    });
    expect(fromThief.statusCode).toBe(429);
    // ...while mia, from her own address, still can; the password never changed.
    const owner = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.1.1.2',
      payload: { username: MEMBER.username, password: MEMBER.password },
    });
    expect(owner.statusCode).toBe(200);
  });

  it('50 parallel wrong passwords over 8 HTTP connections: exactly 5 are checked', async () => {
    const anon = h.agent();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        viaHttp('POST', '/api/auth/login', anon, { username: 'mia', password: 'nope-nope-nope' }),
      ),
    );
    expect(tally(answers.map((a) => a.status))).toEqual({ 401: 5, 429: 45 });
  });
});
