import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startHarness, type Harness } from './harness.js';

describe('hardening', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rateLimits: { loginPerMinutePerIp: 3, codeRoutesPerMinutePerIp: 2 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('rate-limits sign-in per IP with a visible 429', async () => {
    const a = h.agent();
    for (let i = 0; i < 3; i++)
      expect((await a.signIn('nobody', 'wrong-password')).status).toBe(401);
    const limited = await a.signIn(ADMIN.username, ADMIN.password);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      code: 'RateLimited',
      message: expect.stringMatching(/try again/),
    });
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('rate-limits the code routes per IP', async () => {
    // The login limit above is per route; sign in through the database-backed helper instead.
    const session = await h.app.services.sessions.create(ADMIN.username, { ip: '127.0.0.1' });
    const a = h.agent();
    a.cookie = `ram_console_session=${session.id}`;
    a.csrfToken = session.csrfToken;
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      h.clock.advance(13 * 60_000);
      const r = await a.request('POST', '/api/verifications/none/confirm', {
        body: { code: '000000' },
      });
      codes.push(r.status);
    }
    expect(codes).toEqual([404, 404, 429]);
  });

  it('rejects bodies over the limit with 413 and security headers on every answer', async () => {
    const session = await h.app.services.sessions.create(ADMIN.username, { ip: '127.0.0.1' });
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: {
        'content-type': 'application/json',
        cookie: `ram_console_session=${session.id}`,
        'x-csrf-token': session.csrfToken,
      },
      payload: JSON.stringify({ userName: 'x', displayName: 'y'.repeat(40_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'PayloadTooLarge' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
