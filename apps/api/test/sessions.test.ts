import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { scryptSync } from 'node:crypto';
import { verifyPassword } from '../src/lib/crypto.js';
import { ADMIN, MEMBER, startHarness, type Harness } from './harness.js';

describe('sessions, sign-in and restart', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sets an HttpOnly SameSite=Strict cookie, Secure only over TLS', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: ADMIN.username, password: ADMIN.password },
    });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^ram_console_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure');
    expect(res.headers['cache-control']).toBe('no-store');
    // The database keeps only a hash of the id.
    const id = cookie.split(';')[0]!.split('=')[1]!;
    const rows = await h.db.selectFrom('sessions').select('id_hash').execute();
    expect(rows.map((r) => r.id_hash)).not.toContain(id);
  });

  it('a new session id at every sign-in; the old one ends', async () => {
    const a = h.agent();
    await a.signIn(ADMIN.username, ADMIN.password);
    const first = a.cookie;
    await a.signIn(ADMIN.username, ADMIN.password);
    expect(a.cookie).not.toBe(first);
    const old = h.agent();
    old.cookie = first;
    expect((await old.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await a.request('GET', '/api/auth/me')).status).toBe(200);
  });

  it('wrong password → 401 InvalidCredentials, same answer for an unknown user', async () => {
    const a = h.agent();
    const unknown = await a.signIn('nobody', 'whatever-password');
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('InvalidCredentials');
    const wrong = await a.signIn('mia', 'wrong-password-x');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ ...unknown.body, requestId: wrong.body.requestId });
    expect((await a.signIn('mia', 'member-password-123')).status).toBe(200);
  });

  it('a hash from older scrypt parameters is replaced at the next successful sign-in', async () => {
    // With today's real parameters, not the suites' cheap ones (vitest.config.ts).
    vi.stubEnv('INSECURE_TEST_PASSWORD_HASHING', '');
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync(MEMBER.password, salt, 32, { N: 16384, r: 8, p: 1 });
    const legacy = `scrypt$16384$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    await h.db
      .updateTable('operators')
      .set({ password_hash: legacy })
      .where('username', '=', MEMBER.username)
      .execute();
    const stored = async () =>
      (
        await h.db
          .selectFrom('operators')
          .select('password_hash')
          .where('username', '=', MEMBER.username)
          .executeTakeFirstOrThrow()
      ).password_hash;
    // A wrong password changes nothing.
    expect((await h.agent().signIn(MEMBER.username, 'wrong-password-x')).status).toBe(401);
    expect(await stored()).toBe(legacy);
    expect((await h.agent().signIn(MEMBER.username, MEMBER.password)).status).toBe(200);
    const upgraded = await stored();
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword(MEMBER.password, upgraded)).toBe(true);
    expect((await h.agent().signIn(MEMBER.username, MEMBER.password)).status).toBe(200);
    expect(await stored()).toBe(upgraded);
  });

  it('logout ends the session', async () => {
    const a = await h.signedIn('admin');
    expect((await a.request('POST', '/api/auth/logout')).status).toBe(204);
    const after = await a.request('GET', '/api/auth/me');
    expect(after.status).toBe(401);
  });

  it('idle and absolute timeouts', async () => {
    const a = await h.signedIn('admin');
    h.clock.advance(29 * 60_000);
    expect((await a.request('GET', '/api/auth/me')).status).toBe(200);
    h.clock.advance(31 * 60_000);
    expect((await a.request('GET', '/api/auth/me')).status).toBe(401);

    const b = await h.signedIn('admin');
    for (let i = 0; i < 12 * 3 - 1; i++) {
      h.clock.advance(20 * 60_000);
      expect((await b.request('GET', '/api/auth/me')).status).toBe(200);
    }
    h.clock.advance(20 * 60_000);
    expect((await b.request('GET', '/api/auth/me')).status).toBe(401);
  });

  it('a restart keeps sessions, operators and audit rows', async () => {
    const a = await h.signedIn('admin');
    const ticket = await a.verifyOperator('CreateOperator', 'kept-op');
    await a.request('POST', '/api/operators', {
      ticket,
      body: {
        username: 'kept-op',
        password: 'kept-password-1',
        role: 'member',
        phone: '+8613800000055',
        ramUserName: 'bob',
      },
    });
    const auditBefore = (await a.request('GET', '/api/audit-events?limit=500')).body.events;
    await h.restart();
    const me = await a.request('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(a.csrfToken);
    const ops = await a.request('GET', '/api/operators');
    expect(ops.body.operators.map((o: { username: string }) => o.username)).toContain('kept-op');
    const auditAfter = (await a.request('GET', '/api/audit-events?limit=500')).body.events;
    expect(auditAfter.slice(-auditBefore.length)).toEqual(auditBefore);
    expect(auditAfter).toContainEqual(
      expect.objectContaining({
        action: 'CreateOperator',
        targetOperator: 'kept-op',
        outcome: 'success',
      }),
    );
    // The CSRF token (and the ticket bound to this session) still work after the restart.
    const del = await a.verifyOperator('DeleteOperator', 'kept-op');
    expect((await a.request('DELETE', '/api/operators/kept-op', { ticket: del })).status).toBe(204);
  });

  it('operators: an admin cannot remove or demote the last admin; a member needs a RAM user', async () => {
    const a = await h.signedIn('admin');
    const del = await a.request('DELETE', '/api/operators/admin', {
      ticket: await a.verifyOperator('DeleteOperator', 'admin'),
    });
    expect(del.status).toBe(409);
    expect(del.body).toMatchObject({ code: 'Conflict', details: { reason: 'lastAdmin' } });
    const demote = await a.request('PATCH', '/api/operators/admin', {
      body: { role: 'member', ramUserName: 'bob' },
      ticket: await a.verifyOperator('UpdateOperatorRole', 'admin'),
    });
    expect(demote.status).toBe(409);
    expect(demote.body.details).toEqual({ reason: 'lastAdmin' });
    const noRamUser = await a.request('PATCH', '/api/operators/mia', {
      body: { role: 'admin' },
      ticket: await a.verifyOperator('UpdateOperatorRole', 'mia'),
    });
    expect(noRamUser.status).toBe(200);
    expect(noRamUser.body.operator).toMatchObject({ role: 'admin', ramUserName: null });
    const backToMember = await a.request('PATCH', '/api/operators/mia', {
      body: { role: 'member' },
      ticket: await a.verifyOperator('UpdateOperatorRole', 'mia'),
    });
    expect(backToMember.status).toBe(400);
    expect(backToMember.body.issues[0].path).toBe('ramUserName');
    const restored = await a.request('PATCH', '/api/operators/mia', {
      body: { role: 'member', ramUserName: 'alice' },
      ticket: await a.verifyOperator('UpdateOperatorRole', 'mia'),
    });
    expect(restored.status).toBe(200);
    const list = await a.request('GET', '/api/operators');
    expect(list.body.operators[0]).not.toHaveProperty('password_hash');
    expect(JSON.stringify(list.body)).not.toContain('scrypt');
  });

  it('the audit trail pages with a cursor and filters', async () => {
    const a = await h.signedIn('admin');
    const page1 = await a.request('GET', '/api/audit-events?limit=3');
    expect(page1.body.events).toHaveLength(3);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await a.request(
      'GET',
      `/api/audit-events?limit=3&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.events[0].id).toBeLessThan(page1.body.events[2].id);
    const logins = await a.request('GET', '/api/audit-events?action=Login&outcome=failure');
    expect(logins.body.events.length).toBeGreaterThan(0);
    for (const e of logins.body.events)
      expect(e).toMatchObject({ action: 'Login', outcome: 'failure' });
  });
});
