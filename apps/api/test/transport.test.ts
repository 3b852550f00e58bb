import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startHarness, type Harness } from './harness.js';

const login = { username: ADMIN.username, password: ADMIN.password };

/** The session cookie's Set-Cookie line of a sign-in. */
function sessionCookieLine(headers: Record<string, unknown>): string {
  const all = [headers['set-cookie']].flat().map(String);
  return all.find((c) => /ram_console_session=/.test(c)) ?? '';
}

async function lastLoginIp(h: Harness): Promise<string | null> {
  const row = await h.db
    .selectFrom('audit_events')
    .select('ip')
    .where('action', '=', 'Login')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return row.ip;
}

describe('Host must name the public origin (PUBLIC_URL on loopback)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { PUBLIC_URL: 'http://127.0.0.1:8080' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const get = (url: string, host: string) =>
    h.app.inject({ method: 'GET', url, headers: { host } });

  it('answers its own origin under any loopback name with its port', async () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080']) {
      expect((await get('/api/auth/me', host)).statusCode, host).toBe(401);
    }
  });

  it('refuses any other Host with a 421 naming the public origin, on every kind of path (DNS rebinding)', async () => {
    for (const host of [
      'evil.example:8080',
      'evil.example',
      '127.0.0.1:9999',
      'localhost',
      '127.0.0.1.evil.example:8080',
      'user@127.0.0.1:8080',
      '',
    ]) {
      for (const url of ['/api/auth/me', '/api/users', '/', '/users/alice', '/api/nope']) {
        const res = await get(url, host);
        expect(res.statusCode, `${host} ${url}`).toBe(421);
        // An error answer is never kept by a cache, wherever it is answered (outside /api too).
        expect(res.headers['cache-control'], `${host} ${url}`).toBe('no-store');
        expect(res.json()).toMatchObject({
          code: 'MisdirectedRequest',
          message: expect.stringContaining('http://127.0.0.1:8080'),
        });
      }
    }
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { host: 'rebound.evil.example:8080' },
      payload: { username: ADMIN.username, password: ADMIN.password },
    });
    expect(login.statusCode).toBe(421);
    expect(login.headers['set-cookie']).toBeUndefined();
  });

  it('lets a load balancer call the health check by address', async () => {
    const res = await get('/api/health', '10.0.0.7:8080');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', ram: 'emulator' });
  });

  it('sets a plain, non-Secure session cookie on http loopback', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { host: '127.0.0.1:8080', 'x-forwarded-proto': 'https' },
      payload: login,
    });
    expect(res.statusCode).toBe(200);
    const line = sessionCookieLine(res.headers);
    expect(line).toMatch(/^ram_console_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Strict$/);
  });
});

describe('the listen address is the public origin when PUBLIC_URL is unset (PORT=0)', () => {
  let h: Harness;
  let port: number;
  beforeAll(async () => {
    h = await startHarness({ env: { PUBLIC_URL: '', HOST: '127.0.0.1', PORT: '0' } });
    port = Number(new URL(await h.app.listen({ host: '127.0.0.1', port: 0 })).port);
  });
  afterAll(async () => {
    await h?.close();
  });

  const status = (host: string) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/api/auth/me', headers: { host } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject).end();
    });

  it('learns the port it got and accepts only loopback names with it', async () => {
    expect(await status(`127.0.0.1:${port}`)).toBe(401);
    expect(await status(`localhost:${port}`)).toBe(401);
    expect(await status('127.0.0.1:0')).toBe(421);
    expect(await status(`attacker.example:${port}`)).toBe(421);
  });
});

describe('behind a TLS-terminating proxy (PUBLIC_URL https, TRUST_PROXY = its address)', () => {
  const PROXY = '10.0.0.5';
  const HOST = 'console.example.com';
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { PUBLIC_URL: `https://${HOST}`, TRUST_PROXY: `${PROXY},10.1.0.0/16` },
      rateLimits: { loginPerMinutePerIp: 3 },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const signIn = (remoteAddress: string, headers: Record<string, string>) =>
    h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      headers: { host: HOST, ...headers },
      payload: login,
    });

  it('sets a __Host- cookie that is Secure, whatever X-Forwarded-Proto says', async () => {
    for (const [peer, proto] of [
      [PROXY, 'http'],
      ['203.0.113.9', 'http'],
      ['203.0.113.10', 'https'],
    ] as const) {
      const res = await signIn(peer, { 'x-forwarded-proto': proto });
      expect(res.statusCode).toBe(200);
      expect(sessionCookieLine(res.headers)).toMatch(
        /^__Host-ram_console_session=[\w-]{40,}; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
      );
    }
  });

  it('reads the session from the __Host- cookie only', async () => {
    const res = await signIn(PROXY, {});
    const value = sessionCookieLine(res.headers).split(';')[0]!;
    const me = (cookie: string) =>
      h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { host: HOST, cookie } });
    expect((await me(value)).statusCode).toBe(200);
    expect((await me(value.replace(/^__Host-/, ''))).statusCode).toBe(401);
  });

  it('takes the client IP from X-Forwarded-For only when the trusted proxy connects', async () => {
    await signIn(PROXY, { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' });
    expect(await lastLoginIp(h)).toBe('203.0.113.7');
    await signIn('10.1.2.3', { 'x-forwarded-for': '198.51.100.2' });
    expect(await lastLoginIp(h)).toBe('198.51.100.2');
    // A client connecting directly cannot choose the IP the audit trail records.
    await signIn('203.0.113.66', { 'x-forwarded-for': '198.51.100.3' });
    expect(await lastLoginIp(h)).toBe('203.0.113.66');
  });

  it('keeps a direct client in its own rate-limit bucket however it forges X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await signIn('203.0.113.200', { 'x-forwarded-for': `198.51.100.${100 + i}` });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Through the proxy, each client has its own bucket.
    const proxied: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await signIn(PROXY, { 'x-forwarded-for': `198.51.100.${150 + i}` });
      proxied.push(res.statusCode);
    }
    expect(proxied).toEqual([200, 200, 200, 200]);
  });

  it('takes X-Forwarded-Host for Host only from the trusted proxy', async () => {
    const me = (remoteAddress: string, headers: Record<string, string>) =>
      h.app.inject({ method: 'GET', url: '/api/auth/me', remoteAddress, headers });
    expect((await me(PROXY, { host: 'backend:8080', 'x-forwarded-host': HOST })).statusCode).toBe(
      401,
    );
    expect((await me(PROXY, { host: HOST, 'x-forwarded-host': 'evil.example' })).statusCode).toBe(
      421,
    );
    expect(
      (await me('203.0.113.9', { host: 'evil.example', 'x-forwarded-host': HOST })).statusCode,
    ).toBe(421);
    expect((await me('203.0.113.9', { host: `${HOST}:443` })).statusCode).toBe(401);
    expect((await me('203.0.113.9', { host: `${HOST}:8443` })).statusCode).toBe(421);
  });
});
