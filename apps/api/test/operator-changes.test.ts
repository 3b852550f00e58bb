import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Agent, type Harness } from './harness.js';

/**
 * Operator changes are verified actions bound to the operator they change: a stolen admin cookie
 * and CSRF token alone can neither create an operator nor change or remove one (which would let
 * the thief point the admin's phone at themselves and then create a root AccessKey).
 */
describe('operator changes need a phone verification bound to the target operator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const erin = {
    username: 'erin',
    password: 'erin-password-123',
    role: 'member',
    phone: '+8613900000077',
    ramUserName: 'bob',
  };
  const operatorsNow = async () =>
    (await h.db.selectFrom('operators').selectAll().orderBy('username').execute()).map((o) => ({
      ...o,
      updated_at: undefined,
    }));

  it('a stolen admin cookie + CSRF token cannot create, change or remove any operator', async () => {
    // The thief replays the admin's cookie and CSRF token (both read from a live session).
    const thief = await h.signedIn('admin');
    const before = await operatorsNow();
    const attempts: [string, string, unknown?][] = [
      ['POST', '/api/operators', erin],
      ['POST', '/api/operators', { ...erin, username: 'thief', role: 'admin' }],
      ['PATCH', '/api/operators/mia', { role: 'admin' }],
      ['PATCH', '/api/operators/mia', { ramUserName: 'bob' }],
      ['PATCH', '/api/operators/admin', { role: 'member', ramUserName: 'alice' }],
      ['DELETE', '/api/operators/mia'],
    ];
    for (const [method, url, body] of attempts) {
      const res = await thief.request(method as 'POST', url, body ? { body } : {});
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(res.body).toMatchObject({
        code: 'VerificationRequired',
        details: { reason: 'missing' },
      });
    }
    // A made-up ticket is no better.
    const forged = await thief.request('DELETE', '/api/operators/mia', { ticket: 'x'.repeat(43) });
    expect(forged.body).toMatchObject({
      code: 'VerificationRequired',
      details: { reason: 'invalid' },
    });
    expect(await operatorsNow()).toEqual(before);
    // Every refusal is audited against its target.
    const audit = await thief.request('GET', '/api/audit-events?targetOperator=mia&limit=50');
    expect(
      audit.body.events.map((e: { action: string; errorCode: string }) => [e.action, e.errorCode]),
    ).toEqual(
      expect.arrayContaining([
        ['DeleteOperator', 'VerificationRequired'],
        ['UpdateOperatorRole', 'VerificationRequired'],
        ['UpdateOperatorRamUser', 'VerificationRequired'],
      ]),
    );
  });

  it('a ticket is bound to its action and to its target operator', async () => {
    const admin = await h.signedIn('admin');
    const forErin = await admin.verifyOperator('CreateOperator', 'erin');
    // Another new operator: refused, and the ticket is not spent by the refusal.
    const other = await admin.request('POST', '/api/operators', {
      body: { ...erin, username: 'mallory', role: 'admin' },
      ticket: forErin,
    });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('VerificationRequired');
    // Another action on the same target: refused.
    const wrongAction = await admin.request('PATCH', '/api/operators/erin', {
      body: { role: 'admin' },
      ticket: forErin,
    });
    expect(wrongAction.status).toBe(403);
    // Another session of the same admin: refused.
    const otherSession = await h.signedIn('admin');
    expect(
      (await otherSession.request('POST', '/api/operators', { body: erin, ticket: forErin }))
        .status,
    ).toBe(403);

    const created = await admin.request('POST', '/api/operators', { body: erin, ticket: forErin });
    expect(created.status).toBe(201);
    expect(created.body.operator).toMatchObject({
      username: 'erin',
      role: 'member',
      ramUserName: 'bob',
      mustChangePassword: true,
    });
    // Single use.
    const again = await admin.request('POST', '/api/operators', {
      body: { ...erin, username: 'erin2' },
      ticket: forErin,
    });
    expect(again.status).toBe(403);

    // A ticket for erin does not change mia.
    const forErinRole = await admin.verifyOperator('UpdateOperatorRole', 'erin');
    const onMia = await admin.request('PATCH', '/api/operators/mia', {
      body: { role: 'admin' },
      ticket: forErinRole,
    });
    expect(onMia.status).toBe(403);
    const onErin = await admin.request('PATCH', '/api/operators/erin', {
      body: { role: 'admin' },
      ticket: forErinRole,
    });
    expect(onErin.status).toBe(200);
    expect(onErin.body.operator).toMatchObject({ role: 'admin', ramUserName: null });
  });

  it('success rows name the action, the target and how it was verified', async () => {
    const admin = await h.signedIn('admin');
    const res = await admin.request('GET', '/api/audit-events?targetOperator=erin&outcome=success');
    expect(res.body.events.map((e: { action: string }) => e.action).reverse()).toEqual([
      'SendVerificationCode',
      'CreateOperator',
      'SendVerificationCode',
      'UpdateOperatorRole',
    ]);
    for (const e of res.body.events.filter(
      (x: { action: string }) => x.action !== 'SendVerificationCode',
    )) {
      expect(e).toMatchObject({ operator: 'admin', verification: 'ticket', errorCode: null });
    }
    // The action filter takes only the vocabulary's names.
    const bad = await admin.request('GET', '/api/audit-events?action=CreateOperator:erin');
    expect(bad.status).toBe(400);
  });

  it('a role change ends the target operator’s sessions; removing needs its own ticket', async () => {
    const admin = await h.signedIn('admin');
    const mia: Agent = await h.signedIn('member');
    const promote = await admin.request('PATCH', '/api/operators/mia', {
      body: { role: 'admin' },
      ticket: await admin.verifyOperator('UpdateOperatorRole', 'mia'),
    });
    expect(promote.status).toBe(200);
    expect((await mia.request('GET', '/api/auth/me')).status).toBe(401);
    const demote = await admin.request('PATCH', '/api/operators/mia', {
      body: { role: 'member', ramUserName: 'alice' },
      ticket: await admin.verifyOperator('UpdateOperatorRole', 'mia'),
    });
    expect(demote.status).toBe(200);
    const remap = await admin.request('PATCH', '/api/operators/mia', {
      body: { ramUserName: 'bob' },
      ticket: await admin.verifyOperator('UpdateOperatorRamUser', 'mia'),
    });
    expect(remap.body.operator.ramUserName).toBe('bob');

    const removed = await admin.request('DELETE', '/api/operators/erin', {
      ticket: await admin.verifyOperator('DeleteOperator', 'erin'),
    });
    expect(removed.status).toBe(204);
  });

  it('codes for operator actions: admins only, about an operator that exists (or not yet)', async () => {
    h.clock.advance(2 * 3_600_000);
    const admin = await h.signedIn('admin');
    const start = (a: Agent, body: object) =>
      a.request('POST', '/api/verifications', { body }).then((r) => [r.status, r.body.code]);
    expect(await start(admin, { action: 'DeleteOperator' })).toEqual([400, 'ValidationFailed']);
    expect(
      await start(admin, { action: 'DeleteOperator', operator: 'mia', userName: 'alice' }),
    ).toEqual([400, 'ValidationFailed']);
    expect(await start(admin, { action: 'CreateAccessKey', operator: 'mia' })).toEqual([
      400,
      'ValidationFailed',
    ]);
    expect(await start(admin, { action: 'DeleteOperator', operator: 'ghost' })).toEqual([
      404,
      'NotFound',
    ]);
    expect(await start(admin, { action: 'CreateOperator', operator: 'mia' })).toEqual([
      409,
      'Conflict',
    ]);
    expect(await start(admin, { action: 'ResetOperatorPassword', operator: 'admin' })).toEqual([
      400,
      'ValidationFailed',
    ]);
    const member = await h.signedIn('member');
    expect(await start(member, { action: 'ChangeOperatorPhone', operator: 'mia' })).toEqual([
      403,
      'Forbidden',
    ]);
  });
});
