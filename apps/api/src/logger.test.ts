import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED, redactQuery, scrub } from './logger.js';

describe('log redaction', () => {
  it('removes secrets, passwords, tickets and verification codes at any depth', () => {
    const out = scrub({
      a: { b: { c: [{ AccessKeySecret: 's1' }, { accessKeySecret: 's2' }] } },
      body: { password: 'p', newPassword: 'q', code: '123456' },
      headers: { cookie: 'x', 'x-verification-ticket': 't', 'x-csrf-token': 'c' },
      err: { code: 'LimitExceeded.User.AccessKey' },
    }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(out.a.b.c).toEqual([{ AccessKeySecret: REDACTED }, { accessKeySecret: REDACTED }]);
    expect(out.body).toEqual({ password: REDACTED, newPassword: REDACTED, code: REDACTED });
    expect(Object.values(out.headers)).toEqual([REDACTED, REDACTED, REDACTED]);
    // Error codes are not verification codes.
    expect(out.err.code).toBe('LimitExceeded.User.AccessKey');
  });

  it('applies to every line the logger writes', () => {
    const lines: string[] = [];
    const log = createLogger({ stream: { write: (l: string) => void lines.push(l) } });
    log.info({ deep: { deeper: { AccessKey: { AccessKeySecret: 'TOPSECRETVALUE' } } } }, 'created');
    log.error({
      err: Object.assign(new Error('boom'), { data: { accessKeySecret: 'TOPSECRET2' } }),
    });
    expect(lines.join('')).not.toMatch(/TOPSECRET/);
    expect(lines.join('')).toContain(REDACTED);
  });

  it('keeps method, URL and status on access-log lines, and nothing else of the request', async () => {
    const lines: string[] = [];
    const { default: Fastify } = await import('fastify');
    const app = Fastify({
      loggerInstance: createLogger({ stream: { write: (l: string) => void lines.push(l) } }),
    });
    app.post('/api/echo', async () => ({ ok: true }));
    await app.inject({
      method: 'POST',
      url: '/api/echo?x=1',
      headers: { cookie: 'ram_console_session=SESSIONVALUE', 'x-csrf-token': 'CSRFVALUE' },
      payload: { password: 'PASSWORDVALUE' },
    });
    await app.close();
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    const incoming = parsed.find((l) => l.msg === 'incoming request');
    const completed = parsed.find((l) => l.msg === 'request completed');
    expect(incoming?.req).toMatchObject({ method: 'POST', url: '/api/echo?x=1' });
    expect(completed?.res).toEqual({ statusCode: 200 });
    expect(lines.join('')).not.toMatch(/SESSIONVALUE|CSRFVALUE|PASSWORDVALUE/);
  });

  it("keeps an SSO callback's authorization code and state out of logged URLs", () => {
    expect(
      redactQuery(
        '/api/auth/oidc/callback?code=CODEVALUE&state=STATEVALUE&iss=http%3A%2F%2Fidp&%73tate=X',
      ),
    ).toBe(
      `/api/auth/oidc/callback?code=${REDACTED}&state=${REDACTED}&iss=http%3A%2F%2Fidp&%73tate=${REDACTED}`,
    );
    expect(redactQuery('/x?id_token_hint=T&access_token=A&q=users')).toBe(
      `/x?id_token_hint=${REDACTED}&access_token=${REDACTED}&q=users`,
    );
    expect(redactQuery('/api/users?q=alice&marker=2')).toBe('/api/users?q=alice&marker=2');
    expect(redactQuery('/plain')).toBe('/plain');
  });
});
