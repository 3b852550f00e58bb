import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, MEMBER, startHarness, type Agent, type Harness } from './harness.js';

// Every route the app registers, captured as it registers (as route-access.test.ts does), so the
// forced password change is checked on routes added later without editing this file.
const captured = vi.hoisted(() => new Map<object, RouteOptions[]>());
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<{ default: (...args: unknown[]) => FastifyInstance }>();
  const wrap = (...args: unknown[]) => {
    const app = mod.default(...args);
    const routes: RouteOptions[] = [];
    captured.set(app, routes);
    app.addHook('onRoute', (route) => void routes.push(route));
    return app;
  };
  return { ...mod, default: wrap, fastify: wrap };
});

/** What a session whose password must be changed may still reach. */
const BEFORE_PASSWORD_CHANGE = [
  'GET /api/auth/me',
  'HEAD /api/auth/me',
  'POST /api/auth/logout',
  'POST /api/auth/password',
];

const NEW_PASSWORD = 'a-brand-new-password-1';

describe('own password, own sessions, forced change', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const setMustChange = (username: string) =>
    h.db
      .updateTable('operators')
      .set({ must_change_password: 1 })
      .where('username', '=', username)
      .execute();
  const resetPassword = async (username: string, password: string) => {
    const { operators } = h.app.services;
    await operators.setPassword(username, password, {
      mustChangePassword: false,
      keepIdHash: null,
    });
  };
  const auditOf = async (action: string) =>
    h.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', action)
      .orderBy('id', 'desc')
      .execute();

  it('a session that must change its password reaches only /me, logout and the change', async () => {
    await setMustChange(MEMBER.username);
    const mia = await h.signedIn('member');
    const me = await mia.request('GET', '/api/auth/me');
    expect(me.body.operator.mustChangePassword).toBe(true);

    const routes = (captured.get(h.app) ?? [])
      .flatMap((r) => [r.method].flat().map((m) => ({ method: String(m), url: r.url, r })))
      .filter(({ url }) => url.startsWith('/api/') && !url.startsWith('/api/docs'))
      .filter(({ r }) => (r.config as { access?: string } | undefined)?.access !== 'public');
    expect(routes.length).toBeGreaterThan(30);
    const reached: string[] = [];
    for (const { method, url } of routes) {
      const key = `${method} ${url}`;
      if (BEFORE_PASSWORD_CHANGE.includes(key) || method === 'HEAD') continue;
      const path = url.replace(/:(\w+)/g, (_, name: string) =>
        name === 'userName' ? 'alice' : name === 'username' ? 'mia' : 'x',
      );
      const res = await mia.request(method as 'POST', path, method === 'GET' ? {} : { body: {} });
      if (res.status !== 403 || res.body?.code !== 'PasswordChangeRequired') {
        reached.push(`${key}: ${res.status} ${res.body?.code}`);
      }
    }
    expect(reached).toEqual([]);

    // The change itself lifts it, and /me says so.
    const changed = await mia.request('POST', '/api/auth/password', {
      body: { currentPassword: MEMBER.password, newPassword: NEW_PASSWORD },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.operator.mustChangePassword).toBe(false);
    mia.csrfToken = changed.body.csrfToken;
    expect((await mia.request('GET', '/api/users/alice/access-keys')).status).toBe(200);
    await resetPassword(MEMBER.username, MEMBER.password);
  });

  it('changing one’s own password asks for the current one, then ends every other session', async () => {
    const mia = await h.signedIn('member');
    const miaElsewhere = await h.signedIn('member');
    const before = mia.cookie;

    const wrong = await mia.request('POST', '/api/auth/password', {
      body: { currentPassword: 'not-my-password', newPassword: NEW_PASSWORD },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('CurrentPasswordIncorrect');
    const same = await mia.request('POST', '/api/auth/password', {
      body: { currentPassword: MEMBER.password, newPassword: MEMBER.password },
    });
    expect(same.body.code).toBe('PasswordUnchanged');
    const short = await mia.request('POST', '/api/auth/password', {
      body: { currentPassword: MEMBER.password, newPassword: 'short' },
    });
    expect(short.status).toBe(400);
    expect(short.body.issues[0].path).toBe('newPassword');
    // No CSRF token, no change.
    const noCsrf = await mia.request('POST', '/api/auth/password', {
      csrf: false,
      body: { currentPassword: MEMBER.password, newPassword: NEW_PASSWORD },
    });
    expect(noCsrf.body.code).toBe('CsrfTokenInvalid');

    // A code pending for mia's phone stops working with the password change.
    const pending = await miaElsewhere.request('POST', '/api/verifications', {
      body: { action: 'CreateAccessKey', userName: 'alice' },
    });
    expect(pending.status).toBe(201);

    const ok = await mia.request('POST', '/api/auth/password', {
      body: { currentPassword: MEMBER.password, newPassword: NEW_PASSWORD },
    });
    expect(ok.status).toBe(200);
    // This browser got a new session id; the old id and every other session are gone.
    expect(mia.cookie).not.toBe(before);
    mia.csrfToken = ok.body.csrfToken;
    expect((await mia.request('GET', '/api/auth/me')).status).toBe(200);
    const stale = h.agent();
    stale.cookie = before;
    expect((await stale.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await miaElsewhere.request('GET', '/api/auth/me')).status).toBe(401);
    const code = await h.db
      .selectFrom('verifications')
      .select('state')
      .where('id', '=', pending.body.verificationId)
      .executeTakeFirstOrThrow();
    expect(code.state).toBe('superseded');

    expect((await h.agent().signIn(MEMBER.username, MEMBER.password)).status).toBe(401);
    const again = h.agent();
    expect((await again.signIn(MEMBER.username, NEW_PASSWORD)).status).toBe(200);
    expect(again.csrfToken).toBeTruthy();
    expect((await again.request('GET', '/api/auth/me')).body.operator.source).toBe('local');
    const rows = await auditOf('ChangeOwnPassword');
    expect(rows.slice(0, 3).map((r) => [r.outcome, r.error_code, r.target_operator])).toEqual([
      ['success', null, 'mia'],
      ['failure', 'PasswordUnchanged', 'mia'],
      ['failure', 'CurrentPasswordIncorrect', 'mia'],
    ]);
    await resetPassword(MEMBER.username, MEMBER.password);
  });

  it('an SSO operator has no console password to change', async () => {
    const mia = await h.signedIn('member');
    const setSource = (source: 'local' | 'sso') =>
      h.db.updateTable('operators').set({ source }).where('username', '=', 'mia').execute();
    await setSource('sso');
    try {
      expect((await mia.request('GET', '/api/auth/me')).body.operator.source).toBe('sso');
      const res = await mia.request('POST', '/api/auth/password', {
        body: { currentPassword: MEMBER.password, newPassword: NEW_PASSWORD },
      });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'Forbidden', details: { reason: 'ssoOperator' } });
    } finally {
      await setSource('local');
    }
    expect((await h.agent().signIn(MEMBER.username, MEMBER.password)).status).toBe(200);
  });

  it('parallel changes with the right current password: exactly one wins', async () => {
    const mia = await h.signedIn('member');
    const tries = ['-one', '-two', '-three', '-four'].map((s) => NEW_PASSWORD + s);
    try {
      const answers = await Promise.all(
        tries.map((newPassword) =>
          mia.request('POST', '/api/auth/password', {
            body: { currentPassword: MEMBER.password, newPassword },
          }),
        ),
      );
      const won = answers.flatMap((a, i) => (a.status === 200 ? [tries[i]!] : []));
      expect(won).toHaveLength(1);
      for (const a of answers.filter((x) => x.status !== 200)) {
        // Either the winner changed the password first, or it ended this session first. Never a
        // throttle: four tries are under the five free failures (sign-in-throttle.test.ts).
        expect([
          [400, 'CurrentPasswordIncorrect'],
          [401, 'Unauthenticated'],
        ]).toContainEqual([a.status, a.body.code]);
      }
      expect((await h.agent().signIn(MEMBER.username, won[0]!)).status).toBe(200);
    } finally {
      // A failure here must not leave later tests with an unknown password.
      await resetPassword(MEMBER.username, MEMBER.password);
    }
  });

  it('an operator lists their own sessions and ends one, never another operator’s', async () => {
    const mia = await h.signedIn('member');
    const miaOther = await h.signedIn('member');
    const admin = await h.signedIn('admin');
    const list = await mia.request('GET', '/api/auth/sessions');
    expect(list.status).toBe(200);
    const sessions = list.body.sessions as { id: string; current: boolean; userAgent: unknown }[];
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    // The id is neither the cookie nor its hash.
    const cookieValue = mia.cookie!.split('=')[1]!;
    const hashes = (await h.db.selectFrom('sessions').select('id_hash').execute()).map(
      (r) => r.id_hash,
    );
    for (const s of sessions) {
      expect(s.id).not.toBe(cookieValue);
      expect(hashes).not.toContain(s.id);
    }

    // The member cannot end the admin's session: it is "not found" for them.
    const adminSessions = (await admin.request('GET', '/api/auth/sessions')).body.sessions as {
      id: string;
      current: boolean;
    }[];
    const adminCurrent = adminSessions.find((s) => s.current)!;
    const foreign = await mia.request('DELETE', `/api/auth/sessions/${adminCurrent.id}`);
    expect(foreign.status).toBe(404);
    expect((await admin.request('GET', '/api/auth/me')).status).toBe(200);
    expect((await mia.request('DELETE', '/api/auth/sessions/not-a-uuid')).status).toBe(400);

    // Ending another of one's own sessions signs that browser out.
    const otherId = (await miaOther.request('GET', '/api/auth/sessions')).body.sessions.find(
      (s: { current: boolean }) => s.current,
    ).id;
    const ended = await mia.request('DELETE', `/api/auth/sessions/${otherId}`);
    expect(ended.status).toBe(204);
    expect((await miaOther.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await mia.request('DELETE', `/api/auth/sessions/${otherId}`)).status).toBe(404);

    // Ending the current one signs this browser out and clears its cookie.
    const mine = (await mia.request('GET', '/api/auth/sessions')).body.sessions.find(
      (s: { current: boolean }) => s.current,
    ).id;
    const self = await mia.request('DELETE', `/api/auth/sessions/${mine}`);
    expect(self.status).toBe(204);
    expect(String(self.headers['set-cookie'])).toMatch(/^ram_console_session=;/);
    expect((await mia.request('GET', '/api/auth/me')).status).toBe(401);

    const rows = await auditOf('EndSession');
    expect(rows.slice(0, 4).map((r) => [r.operator, r.outcome, r.error_code])).toEqual([
      ['mia', 'success', null],
      ['mia', 'failure', 'NotFound'],
      ['mia', 'success', null],
      ['mia', 'failure', 'NotFound'],
    ]);
  });

  it('an admin ends an operator’s sessions; a member cannot', async () => {
    const mia1 = await h.signedIn('member');
    const mia2 = await h.signedIn('member');
    const admin = await h.signedIn('admin');
    const adminElsewhere = await h.signedIn('admin');

    const byMember = await mia1.request('DELETE', '/api/operators/admin/sessions');
    expect(byMember.status).toBe(403);
    expect((await admin.request('GET', '/api/auth/me')).status).toBe(200);

    const res = await admin.request('DELETE', '/api/operators/mia/sessions');
    expect(res.status).toBe(200);
    expect(res.body.ended).toBeGreaterThanOrEqual(2);
    expect((await mia1.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await mia2.request('GET', '/api/auth/me')).status).toBe(401);
    // Own sessions: all but the one asking.
    const own = await admin.request('DELETE', '/api/operators/admin/sessions');
    expect(own.status).toBe(200);
    expect((await admin.request('GET', '/api/auth/me')).status).toBe(200);
    expect((await adminElsewhere.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await admin.request('DELETE', '/api/operators/ghost/sessions')).status).toBe(404);

    const rows = await auditOf('EndSessions');
    expect(rows.slice(0, 3).map((r) => [r.target_operator, r.outcome])).toEqual([
      ['ghost', 'failure'],
      ['admin', 'success'],
      ['mia', 'success'],
    ]);
  });

  it('an admin resets another operator’s password with a ticket for that operator', async () => {
    const admin = await h.signedIn('admin');
    const mia = await h.signedIn('member');
    const body = { password: 'admin-chosen-password-9' };
    const none = await admin.request('PUT', '/api/operators/mia/password', { body });
    expect(none.body).toMatchObject({
      code: 'VerificationRequired',
      details: { reason: 'missing' },
    });
    const forAdmin = await admin.verifyOperator('ResetOperatorPassword', 'mia');
    // Own password: refused before the ticket is looked at.
    const own = await admin.request('PUT', '/api/operators/admin/password', {
      body,
      ticket: forAdmin,
    });
    expect(own.status).toBe(400);
    expect((await mia.request('GET', '/api/auth/me')).status).toBe(200);

    const ok = await admin.request('PUT', '/api/operators/mia/password', {
      body,
      ticket: forAdmin,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.operator).toMatchObject({ username: 'mia', mustChangePassword: true });
    expect((await mia.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await h.agent().signIn(MEMBER.username, MEMBER.password)).status).toBe(401);
    const next = await h.signedInAs(MEMBER.username, body.password);
    expect((await next.request('GET', '/api/auth/me')).body.operator.mustChangePassword).toBe(true);
    expect((await next.request('GET', '/api/users/alice/access-keys')).body.code).toBe(
      'PasswordChangeRequired',
    );
    const [row] = await auditOf('ResetOperatorPassword');
    expect(row).toMatchObject({
      target_operator: 'mia',
      outcome: 'success',
      verification: 'ticket',
    });
    await resetPassword(MEMBER.username, MEMBER.password);
  });
});

describe('changing an operator’s phone: a code to the new number', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { SMS_NOTICE_TEMPLATE_CODE: 'SMS_NOTICE_1' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const NEW_PHONE = '+8613900000555';
  const inbox = async (phone: string) =>
    (
      await h.emulatorHook(
        'GET',
        `/__emulator/sms?phone=${encodeURIComponent(phone.replace(/^\+/, ''))}`,
      )
    ).messages as { templateCode: string; templateParam: Record<string, string> }[];
  const attemptsOf = async (id: string) =>
    (
      await h.db
        .selectFrom('verifications')
        .select(['attempts', 'state'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).attempts;

  async function startChange(admin: Agent, username: string, phone: string) {
    const ticket = await admin.verifyOperator('ChangeOperatorPhone', username);
    const res = await admin.request('POST', `/api/operators/${username}/phone-change`, {
      body: { phone },
      ticket,
    });
    expect(res.status, res.text).toBe(201);
    return res.body as { verificationId: string; maskedPhone: string };
  }

  it('needs a ticket for that operator; the phone changes only with the new number’s code', async () => {
    const admin = await h.signedIn('admin');
    const mia = await h.signedIn('member');
    const noTicket = await admin.request('POST', '/api/operators/mia/phone-change', {
      body: { phone: NEW_PHONE },
    });
    expect(noTicket.body).toMatchObject({ code: 'VerificationRequired' });
    const forAdmin = await admin.verifyOperator('ChangeOperatorPhone', 'admin');
    const otherTarget = await admin.request('POST', '/api/operators/mia/phone-change', {
      body: { phone: NEW_PHONE },
      ticket: forAdmin,
    });
    expect(otherTarget.body).toMatchObject({
      code: 'VerificationRequired',
      details: { reason: 'invalid' },
    });
    const samePhone = await admin.request('POST', '/api/operators/mia/phone-change', {
      body: { phone: MEMBER.phone },
      ticket: await admin.verifyOperator('ChangeOperatorPhone', 'mia'),
    });
    expect(samePhone.status).toBe(400);
    expect(await inbox(NEW_PHONE)).toEqual([]);

    // A code mia's own phone is waiting on: superseded by the change.
    const miaPending = await mia.request('POST', '/api/verifications', {
      body: { action: 'CreateAccessKey', userName: 'alice' },
    });
    expect(miaPending.status).toBe(201);

    const started = await startChange(admin, 'mia', NEW_PHONE);
    expect(started.maskedPhone).not.toBe(
      (await mia.request('GET', '/api/auth/me')).body.operator.maskedPhone,
    );
    const [sent] = await inbox(NEW_PHONE);
    const code = sent!.templateParam.code!;
    expect(code).toMatch(/^\d{6}$/);
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const confirmUrl = (who: string) =>
      `/api/operators/${who}/phone-change/${started.verificationId}/confirm`;

    // The wrong code: four tries left, nothing changed.
    const wrong = await admin.request('POST', confirmUrl('mia'), { body: { code: wrongCode } });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({
      code: 'VerificationCodeInvalid',
      details: { attemptsLeft: 4 },
    });
    // The right code on another operator's path: not found, and not even counted as a try.
    const elsewhere = await admin.request('POST', confirmUrl('admin'), { body: { code } });
    expect(elsewhere.status).toBe(404);
    expect(await attemptsOf(started.verificationId)).toBe(1);
    // Another admin session (even of the same admin) cannot confirm it.
    const otherSession = await h.signedIn('admin');
    expect((await otherSession.request('POST', confirmUrl('mia'), { body: { code } })).status).toBe(
      404,
    );
    // A member never reaches it.
    expect((await mia.request('POST', confirmUrl('mia'), { body: { code } })).status).toBe(403);
    expect(
      (
        await h.db
          .selectFrom('operators')
          .select('phone')
          .where('username', '=', 'mia')
          .executeTakeFirstOrThrow()
      ).phone,
    ).toBe(MEMBER.phone);

    const ok = await admin.request('POST', confirmUrl('mia'), { body: { code } });
    expect(ok.status).toBe(200);
    expect(ok.body.operator.maskedPhone).toBe(started.maskedPhone);
    // Used once only.
    expect((await admin.request('POST', confirmUrl('mia'), { body: { code } })).status).toBe(410);

    // The old number is told (with the notice template, no code in it).
    const [notice] = await inbox(MEMBER.phone);
    expect(notice).toMatchObject({
      templateCode: 'SMS_NOTICE_1',
      templateParam: { notice: 'phone-changed' },
    });
    // Mia's sessions ended, her pending code is superseded; the admin's own session stays.
    expect((await mia.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await admin.request('GET', '/api/auth/me')).status).toBe(200);
    const pendingRow = await h.db
      .selectFrom('verifications')
      .select('state')
      .where('id', '=', miaPending.body.verificationId)
      .executeTakeFirstOrThrow();
    expect(pendingRow.state).toBe('superseded');
    // Mia's next codes go to the new number.
    h.phones.mia = NEW_PHONE;
    const miaAgain = await h.signedIn('member');
    await miaAgain.verify('CreateAccessKey', 'alice');

    const rows = await h.db
      .selectFrom('audit_events')
      .select(['action', 'outcome', 'error_code', 'verification'])
      .where('target_operator', '=', 'mia')
      .where('action', 'in', ['RequestOperatorPhoneChange', 'ChangeOperatorPhone'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.action, r.outcome, r.error_code, r.verification])).toEqual([
      ['RequestOperatorPhoneChange', 'failure', 'VerificationRequired', null],
      ['RequestOperatorPhoneChange', 'failure', 'VerificationRequired', null],
      ['RequestOperatorPhoneChange', 'failure', 'ValidationFailed', null],
      ['RequestOperatorPhoneChange', 'success', null, 'ticket'],
      ['ChangeOperatorPhone', 'failure', 'VerificationCodeInvalid', null],
      ['ChangeOperatorPhone', 'failure', 'NotFound', null],
      ['ChangeOperatorPhone', 'success', null, null],
      ['ChangeOperatorPhone', 'failure', 'VerificationExpired', null],
    ]);
  });

  it('five wrong codes burn it; an admin changing their own phone keeps their session only', async () => {
    h.clock.advance(61 * 60_000); // a new hour of codes for the admin
    let admin = await h.signedIn('admin');
    const started = await startChange(admin, 'admin', '+8613900000666');
    const url = `/api/operators/admin/phone-change/${started.verificationId}/confirm`;
    const [sent] = await inbox('+8613900000666');
    const code = sent!.templateParam.code!;
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 4; i++) {
      expect((await admin.request('POST', url, { body: { code: wrongCode } })).status).toBe(400);
    }
    const fifth = await admin.request('POST', url, { body: { code: wrongCode } });
    expect(fifth.body.code).toBe('VerificationAttemptsExceeded');
    expect((await admin.request('POST', url, { body: { code } })).status).toBe(429);

    // The admin's codes this hour are spent (5 per hour, the new number's ones included).
    h.clock.advance(61 * 60_000);
    admin = await h.signedIn('admin');
    const adminElsewhere = await h.signedIn('admin');
    const again = await startChange(admin, 'admin', '+8613900000666');
    const [fresh] = await inbox('+8613900000666');
    const ok = await admin.request(
      'POST',
      `/api/operators/admin/phone-change/${again.verificationId}/confirm`,
      { body: { code: fresh!.templateParam.code } },
    );
    expect(ok.status).toBe(200);
    expect((await admin.request('GET', '/api/auth/me')).status).toBe(200);
    expect((await adminElsewhere.request('GET', '/api/auth/me')).status).toBe(401);
    const [notice] = await inbox(ADMIN.phone);
    expect(notice!.templateParam).toEqual({ notice: 'phone-changed' });
    h.phones.admin = '+8613900000666';
  });
});
