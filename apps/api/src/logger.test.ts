import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED, scrub } from './logger.js';

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
});
