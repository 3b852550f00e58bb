import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestIdp,
  TEST_IDP_GROUPS,
  type TestIdp,
} from '../../../test/support/oidc-provider.js';
import { MEMBER, startHarness, type Agent, type Harness } from './harness.js';
import { ConsoleBrowser, ssoSignIn } from './sso-browser.js';

const PUBLIC_ORIGIN = 'http://localhost';
const cliJs = fileURLToPath(new URL('../dist/cli/operator.js', import.meta.url));
const GLASS = { username: 'glass', password: 'break-glass-pass-123', phone: '+8613800000909' };

/**
 * SSO operators under issue 9's controls, with LOCAL_LOGIN=false: password sign-in for
 * break-glass admins only (the operator CLI adds them), no console password for SSO operators, a
 * phone confirmed by a code before the first verified action, and an admin ending their sessions.
 */
describe.skipIf(!existsSync(cliJs))('SSO operators with LOCAL_LOGIN=false', () => {
  let idp: TestIdp;
  let h: Harness;
  let admin: Agent;

  beforeAll(async () => {
    idp = await startTestIdp({
      redirectUris: [`${PUBLIC_ORIGIN}/api/auth/oidc/callback`],
      postLogoutRedirectUris: [`${PUBLIC_ORIGIN}/sign-in`],
    });
    h = await startHarness({
      env: {
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: idp.client.clientId,
        OIDC_CLIENT_SECRET: idp.client.clientSecret,
        OIDC_ADMIN_GROUPS: TEST_IDP_GROUPS.admins,
        OIDC_MEMBER_GROUPS: TEST_IDP_GROUPS.members,
        LOCAL_LOGIN: 'false',
      },
    });
    // The break-glass path: the operator CLI on the server's DATA_DIR, while the server runs.
    await promisify(execFile)(
      process.execPath,
      [
        cliJs,
        'add',
        GLASS.username,
        '--role',
        'admin',
        '--phone',
        GLASS.phone,
        '--password',
        GLASS.password,
      ],
      {
        env: {
          PATH: process.env.PATH,
          DATA_DIR: h.dataDir,
          // On the `postgres` project, the server's database is PostgreSQL (DATABASE_URL).
          ...h.database.env,
          INSECURE_TEST_PASSWORD_HASHING: '1',
        },
      },
    );
    h.phones[GLASS.username] = GLASS.phone;
    admin = await h.signedInAs(GLASS.username, GLASS.password);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await idp?.stop();
  });

  const lastAudit = async () =>
    (await h.db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').executeTakeFirst())!;
  const inbox = async (phone: string) =>
    (
      await h.emulatorHook(
        'GET',
        `/__emulator/sms?phone=${encodeURIComponent(phone.replace(/^\+/, ''))}`,
      )
    ).messages as { templateParam: Record<string, string> }[];
  const ssoBrowser = async (login: string) => {
    const browser = new ConsoleBrowser(() => h.app);
    const { callback } = await ssoSignIn(browser, idp, login);
    expect(callback!.location).not.toContain('sso-problem');
    return browser;
  };

  it('password sign-in is left to break-glass admins: anyone else is refused as if the password were wrong, and audited with the reason', async () => {
    expect((await admin.request('GET', '/api/auth/me')).status).toBe(200);
    // mia is a local member (not break-glass): her right password gets the wrong-password answer
    // (no oracle for a guesser), and the audit row says why…
    const right = await h.agent().signIn(MEMBER.username, MEMBER.password);
    expect(right.status).toBe(401);
    expect(right.body.code).toBe('InvalidCredentials');
    expect(await lastAudit()).toMatchObject({
      operator: MEMBER.username,
      action: 'Login',
      outcome: 'failure',
      error_code: 'LocalLoginDisabled',
    });
    // …and a wrong one gets the same answer, told apart only in the audit trail.
    const wrong = await h.agent().signIn(MEMBER.username, 'not-her-password-1');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ ...right.body, requestId: wrong.body.requestId });
    expect(await lastAudit()).toMatchObject({ error_code: 'InvalidCredentials' });
    // The harness's first admin was created through the service, not the CLI: no password either.
    expect((await h.agent().signIn('admin', 'admin-password-123')).status).toBe(401);

    const listed = await admin.request('GET', '/api/operators');
    const byName = new Map(
      (listed.body.operators as { username: string; breakGlass: boolean; source: string }[]).map(
        (o) => [o.username, o],
      ),
    );
    expect(byName.get(GLASS.username)).toMatchObject({ breakGlass: true, source: 'local' });
    expect(byName.get(MEMBER.username)).toMatchObject({ breakGlass: false, source: 'local' });
  });

  it('an SSO operator has no console password: neither their own change nor an admin reset', async () => {
    const ada = await ssoBrowser('ada');
    expect((await ada.me()).body.operator).toMatchObject({ source: 'sso', phoneMissing: false });
    const own = await ada.call('POST', '/api/auth/password', {
      currentPassword: 'anything',
      newPassword: 'a-new-password-123',
    });
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ code: 'Forbidden', details: { reason: 'ssoOperator' } });

    const ticket = await admin.verifyOperator('ResetOperatorPassword', 'ada');
    const reset = await admin.request('PUT', '/api/operators/ada/password', {
      ticket,
      body: { password: 'a-new-password-123' },
    });
    expect(reset.status).toBe(403);
    expect(reset.body.details).toEqual({ reason: 'ssoOperator' });
    expect(await lastAudit()).toMatchObject({
      action: 'ResetOperatorPassword',
      target_operator: 'ada',
      outcome: 'failure',
    });
    const row = await h.db
      .selectFrom('operators')
      .select(['password_hash', 'source'])
      .where('username', '=', 'ada')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ password_hash: '!sso', source: 'sso' });
    const listed = await admin.request('GET', '/api/operators');
    expect(listed.body.operators).toEqual(
      expect.arrayContaining([expect.objectContaining({ username: 'ada', source: 'sso' })]),
    );
  });

  it('without a verified phone claim: a phone confirmed by a code to it, before the first verified action', async () => {
    // eve's provider has a phone it did not verify: the console does not take it.
    const eve = await ssoBrowser('eve');
    expect((await eve.me()).body.operator).toMatchObject({
      username: 'bob',
      role: 'member',
      phoneMissing: true,
    });
    const early = await eve.call('POST', '/api/verifications', {
      action: 'CreateAccessKey',
      userName: 'bob',
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('PhoneRequired');
    // No ticket, no key: the action itself is refused.
    expect((await eve.call('POST', '/api/users/bob/access-keys')).status).toBe(403);

    const NEW_PHONE = '+8613900000777';
    // Embedded mode's Demo inbox: empty without a phone, then the number being added.
    const demoInbox = async () =>
      (await eve.get('/api/demo/inbox')).body as { messages: { code: string }[] };
    expect((await demoInbox()).messages).toEqual([]);
    const started = await eve.call('POST', '/api/auth/phone', { phone: NEW_PHONE });
    expect(started.status).toBe(201);
    const id = (started.body as { verificationId: string }).verificationId;
    const code = (await inbox(NEW_PHONE))[0]!.templateParam.code!;
    expect((await demoInbox()).messages.map((m) => m.code)).toEqual([code]);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await eve.call('POST', `/api/auth/phone/${id}/confirm`, { code: wrongCode });
    expect(wrong.status).toBe(400);
    expect((await eve.me()).body.operator.phoneMissing).toBe(true);
    // Another operator's session cannot confirm eve's code.
    const ben = await ssoBrowser('ben');
    expect((await ben.call('POST', `/api/auth/phone/${id}/confirm`, { code })).status).not.toBe(
      200,
    );
    const confirmed = await eve.call('POST', `/api/auth/phone/${id}/confirm`, { code });
    expect(confirmed.status).toBe(200);
    expect((await eve.me()).body.operator).toMatchObject({
      phoneMissing: false,
      maskedPhone: '139****0777',
    });
    expect(await lastAudit()).toMatchObject({
      operator: 'bob',
      action: 'ChangeOperatorPhone',
      target_operator: 'bob',
      outcome: 'success',
    });
    // Adding is once: changing it is an admin's verified action.
    const again = await eve.call('POST', '/api/auth/phone', { phone: '+8613900000778' });
    expect(again.status).toBe(409);
    // The verified action now starts, with the code sent to the confirmed phone.
    const verification = await eve.call('POST', '/api/verifications', {
      action: 'CreateAccessKey',
      userName: 'bob',
    });
    expect(verification.status).toBe(201);
    expect((await inbox(NEW_PHONE)).length).toBe(2);
  });

  it('an admin ends all sessions of an SSO operator at once', async () => {
    const first = await ssoBrowser('ben');
    const second = await ssoBrowser('ben');
    // ben's operator is named from his claims (preferred_username alice).
    const ben = (await first.me()).body.operator.username as string;
    expect(ben).toBe('alice');
    const ended = await admin.request('DELETE', `/api/operators/${ben}/sessions`);
    expect(ended.status).toBe(200);
    expect(ended.body.ended).toBeGreaterThanOrEqual(2);
    expect((await first.me()).status).toBe(401);
    expect((await second.me()).status).toBe(401);
    expect(await lastAudit()).toMatchObject({
      operator: GLASS.username,
      action: 'EndSessions',
      target_operator: ben,
    });
  });
});
