import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startTestIdp,
  TEST_IDP_GROUPS,
  type TestIdp,
} from '../../../test/support/oidc-provider.js';
import { startHarness, type Harness } from './harness.js';
import { ConsoleBrowser, pathOf, problemOf, ssoSignIn } from './sso-browser.js';

const PUBLIC_ORIGIN = 'http://localhost';
const CALLBACK = `${PUBLIC_ORIGIN}/api/auth/oidc/callback`;

describe('SSO sign-in through a real OpenID provider', () => {
  let idp: TestIdp;
  let h: Harness;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    idp = await startTestIdp({
      redirectUris: [CALLBACK],
      postLogoutRedirectUris: [`${PUBLIC_ORIGIN}/sign-in`],
    });
    h = await startHarness({
      env: {
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: idp.client.clientId,
        OIDC_CLIENT_SECRET: idp.client.clientSecret,
        OIDC_ADMIN_GROUPS: TEST_IDP_GROUPS.admins,
        OIDC_MEMBER_GROUPS: TEST_IDP_GROUPS.members,
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await idp?.stop();
  });
  beforeEach(() => {
    browser = new ConsoleBrowser(() => h.app);
  });

  const auditRows = () =>
    h.db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').execute();
  const lastAudit = async () => (await auditRows())[0]!;
  const operatorRows = () => h.db.selectFrom('operators').selectAll().execute();
  const sessionCount = async () =>
    Number(
      (
        await h.db
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('the sign-in page learns that SSO is offered', async () => {
    const res = await browser.get('/api/auth/sign-in-methods');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sso: true, localLogin: true });
  });

  it('starts with PKCE (S256), state and nonce, and keeps them server-side', async () => {
    const start = await browser.get('/api/auth/oidc/login');
    expect(start.status).toBe(303);
    const url = new URL(start.location!);
    expect(url.origin + url.pathname).toBe(`${idp.issuer}/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: idp.client.clientId,
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'openid profile email phone',
      code_challenge_method: 'S256',
    });
    for (const p of ['state', 'nonce', 'code_challenge']) {
      expect(url.searchParams.get(p)).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    }
    // The browser holds an opaque handle only (HttpOnly, Lax for the provider's redirect back).
    const cookie = start.setCookies.find((c) => c.startsWith('ram_console_oidc='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=600/);
    const handle = cookie.split(';')[0]!.split('=')[1]!;
    for (const p of ['state', 'nonce', 'code_challenge']) {
      expect(handle).not.toBe(url.searchParams.get(p));
    }
    const stored = await h.db.selectFrom('oidc_transactions').selectAll().execute();
    expect(stored.map((r) => r.state)).toContain(url.searchParams.get('state'));
    expect(JSON.stringify(stored)).not.toContain(handle);
  });

  it('"Try again" with another account: prompt=login reaches the provider, nothing else does', async () => {
    const promptOf = async (query: string) => {
      const start = await browser.get(`/api/auth/oidc/login${query}`);
      expect(start.status).toBe(303);
      return new URL(start.location!).searchParams.getAll('prompt');
    };
    expect(await promptOf('?prompt=login')).toEqual(['login']);
    expect(await promptOf('')).toEqual([]);
    // prompt=none would let a page probe whether someone is signed in at the provider.
    for (const other of ['none', 'consent', 'LOGIN', 'login%20none']) {
      expect(await promptOf(`?prompt=${other}`)).toEqual([]);
    }
    expect(await promptOf('?prompt=login&prompt=none')).toEqual([]);
  });

  it('an admin-group user lands as admin, created just in time with the verified phone', async () => {
    const { callback } = await ssoSignIn(browser, idp, 'ada');
    expect(callback!.status).toBe(303);
    expect(callback!.location).toBe('/');
    const me = await browser.me();
    expect(me.status).toBe(200);
    expect(me.body.operator).toMatchObject({
      username: 'ada',
      role: 'admin',
      ramUserName: null,
      maskedPhone: '138****0101',
    });
    const ada = (await operatorRows()).find((o) => o.username === 'ada')!;
    expect(ada).toMatchObject({
      source: 'sso',
      oidc_issuer: idp.issuer,
      oidc_subject: 'ada',
      phone: '+8613800000101',
    });
    // No console password: the password sign-in refuses whatever is typed.
    const local = await h.agent().signIn('ada', '!sso');
    expect(local.status).toBe(401);
    const rows = (await auditRows()).filter((r) => r.operator === 'ada');
    expect(rows.map((r) => `${r.action}:${r.outcome}`)).toEqual(
      expect.arrayContaining(['CreateSsoOperator:success', 'SsoLogin:success']),
    );
    // The just-in-time creation names the operator it created, as an admin's CreateOperator does.
    expect(rows.find((r) => r.action === 'CreateSsoOperator')).toMatchObject({
      target_operator: 'ada',
    });
  });

  it('a member-group user lands as a member on their RAM user, at the page they asked for', async () => {
    const { callback } = await ssoSignIn(browser, idp, 'ben', {
      returnTo: '/users/alice?tab=authentication',
    });
    expect(callback!.location).toBe('/users/alice?tab=authentication');
    const me = await browser.me();
    expect(me.body.operator).toMatchObject({ role: 'member', ramUserName: 'alice' });
    const keys = await browser.get('/api/users/alice/access-keys');
    expect(keys.status).toBe(200);
    expect((await browser.get('/api/users/bob/access-keys')).status).toBe(403);
  });

  it('someone in neither group gets no access and no account', async () => {
    const before = await operatorRows();
    const { callback } = await ssoSignIn(browser, idp, 'cat');
    expect(problemOf(callback)).toBe('no_access');
    expect(callback!.setCookies.some((c) => c.startsWith('ram_console_session='))).toBe(false);
    expect((await browser.me()).status).toBe(401);
    expect(await operatorRows()).toEqual(before);
    expect(await lastAudit()).toMatchObject({
      action: 'SsoLogin',
      outcome: 'failure',
      error_code: 'SsoNoAccess',
    });
  });

  it('a member whose RAM user does not exist is told so, with the name', async () => {
    const before = await operatorRows();
    const { callback } = await ssoSignIn(browser, idp, 'dan');
    expect(callback!.location).toBe(
      '/sign-in/sso-problem?problem=ram_user_missing&ramUser=no-such-ram-user',
    );
    expect(await operatorRows()).toEqual(before);
    expect(await lastAudit()).toMatchObject({
      error_code: 'SsoRamUserMissing',
      ram_user_name: 'no-such-ram-user',
    });
  });

  it('"Try again" where the refused account is still signed in at the provider: another account signs in', async () => {
    const atProvider = idp.browser();
    const refused = await ssoSignIn(browser, idp, 'cat', { at: atProvider });
    expect(problemOf(refused.callback)).toBe('no_access');
    // Without prompt=login the provider answers for cat again without asking who signs in.
    const silent = await ssoSignIn(browser, idp, 'ada', { at: atProvider });
    expect(problemOf(silent.callback)).toBe('no_access');
    expect((await browser.me()).status).toBe(401);
    // "Try again" sends prompt=login: the provider asks, ends cat's session there, and ada is in.
    const tryAgain = await ssoSignIn(browser, idp, 'ada', { at: atProvider, promptLogin: true });
    expect(idp.authorizationRequests.at(-1)?.getAll('prompt')).toEqual(['login']);
    expect(tryAgain.callback!.location).toBe('/');
    expect((await browser.me()).body.operator).toMatchObject({ username: 'ada', role: 'admin' });
  });

  it('declining consent at the provider ends on access_denied, audited', async () => {
    const { callback } = await ssoSignIn(browser, idp, 'ada', { consent: 'deny' });
    expect(problemOf(callback)).toBe('access_denied');
    expect(await lastAudit()).toMatchObject({ outcome: 'failure', error_code: 'OidcAccessDenied' });
  });

  it('a user removed from the admin group is a member at the next sign-in; their sessions end', async () => {
    idp.setUser('ada', { groups: [TEST_IDP_GROUPS.admins], preferred_username: 'ada' });
    const first = new ConsoleBrowser(() => h.app);
    await ssoSignIn(first, idp, 'ada');
    expect((await first.me()).body.operator.role).toBe('admin');

    idp.setUser('ada', { groups: [TEST_IDP_GROUPS.members], preferred_username: 'bob' });
    const second = new ConsoleBrowser(() => h.app);
    await ssoSignIn(second, idp, 'ada');
    expect((await second.me()).body.operator).toMatchObject({
      username: 'ada',
      role: 'member',
      ramUserName: 'bob',
    });
    // The session opened as admin is over.
    expect((await first.me()).status).toBe(401);
    expect(await lastAudit()).toMatchObject({ operator: 'ada', action: 'SsoLogin' });
    const updated = (await auditRows()).find((r) => r.action === 'UpdateSsoOperator');
    expect(updated).toMatchObject({
      operator: 'ada',
      target_operator: 'ada',
      ram_user_name: 'bob',
    });

    // Out of every group: no access, and the member session ends too.
    idp.setUser('ada', { groups: ['everyone'] });
    const third = new ConsoleBrowser(() => h.app);
    const { callback } = await ssoSignIn(third, idp, 'ada');
    expect(problemOf(callback)).toBe('no_access');
    expect((await second.me()).status).toBe(401);
    expect(await lastAudit()).toMatchObject({ operator: 'ada', error_code: 'SsoNoAccess' });
    idp.setUser('ada', { groups: [TEST_IDP_GROUPS.admins], preferred_username: 'ada' });
  });

  it('sign-out of an SSO session also ends it at the provider (RP-initiated logout)', async () => {
    await ssoSignIn(browser, idp, 'ada');
    const idHash = createHash('sha256')
      .update(browser.cookies.get('ram_console_session')!)
      .digest('hex');
    const kept = () =>
      h.db
        .selectFrom('oidc_sessions')
        .select('issuer')
        .where('session_id_hash', '=', idHash)
        .execute();
    expect(await kept()).toEqual([{ issuer: idp.issuer }]);
    const me = await browser.me();
    const csrf = me.body.csrfToken as string;
    const out = await browser.request('POST', '/api/auth/logout', { 'x-csrf-token': csrf });
    expect(out.status).toBe(200);
    const url = new URL(out.body.endSessionUrl);
    expect(url.origin + url.pathname).toBe(`${idp.issuer}/session/end`);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_ORIGIN}/sign-in`);
    expect(url.searchParams.get('client_id')).toBe(idp.client.clientId);
    expect(url.searchParams.get('id_token_hint')).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    expect((await browser.me()).status).toBe(401);
    // The session's ID token went with it.
    expect(await kept()).toEqual([]);
    // The provider accepts the request (a registered post-logout URI and a valid hint).
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('/session/end/confirm');
    // A local session signs out as before: 204, nothing to follow.
    const local = await h.signedIn('admin');
    expect((await local.request('POST', '/api/auth/logout')).status).toBe(204);
  });

  describe('a tampered or replayed callback is refused and audited', () => {
    it('wrong state', async () => {
      const { callbackUrl } = await ssoSignIn(browser, idp, 'ada', { stopBeforeCallback: true });
      const tampered = new URL(callbackUrl);
      tampered.searchParams.set('state', 'x'.repeat(43));
      const sessions = await sessionCount();
      const res = await browser.get(pathOf(tampered.href));
      expect(problemOf(res)).toBe('state_mismatch');
      expect(await lastAudit()).toMatchObject({ error_code: 'OidcStateMismatch' });
      expect(await sessionCount()).toBe(sessions);
      // The sign-in is spent: the genuine callback after it finds nothing to finish.
      const genuine = await browser.get(pathOf(callbackUrl));
      expect(problemOf(genuine)).toBe('sign_in_expired');
    });

    it('replayed: the same callback twice, even with the sign-in cookie put back', async () => {
      const { start, callbackUrl, callback } = await ssoSignIn(browser, idp, 'ada');
      expect(callback!.location).toBe('/');
      const handle = start.setCookies.find((c) => c.startsWith('ram_console_oidc='))!;
      const attacker = new ConsoleBrowser(() => h.app);
      attacker.cookies.set('ram_console_oidc', handle.split(';')[0]!.split('=')[1]!);
      const replay = await attacker.get(pathOf(callbackUrl));
      expect(problemOf(replay)).toBe('sign_in_expired');
      expect((await attacker.me()).status).toBe(401);
      expect(await lastAudit()).toMatchObject({ error_code: 'OidcTransactionMissing' });
    });

    it("login CSRF: someone else's callback in this browser (no sign-in started here)", async () => {
      const attacker = new ConsoleBrowser(() => h.app);
      const { callbackUrl } = await ssoSignIn(attacker, idp, 'ada', { stopBeforeCallback: true });
      const victim = new ConsoleBrowser(() => h.app);
      const res = await victim.get(pathOf(callbackUrl));
      expect(problemOf(res)).toBe('sign_in_expired');
      expect((await victim.me()).status).toBe(401);
      // The victim had started a sign-in of their own: the attacker's answer is not for it.
      await victim.get('/api/auth/oidc/login');
      const again = await victim.get(pathOf(callbackUrl));
      expect(problemOf(again)).toBe('state_mismatch');
      expect((await victim.me()).status).toBe(401);
    });

    it('a parallel burst of the same callback signs in once', async () => {
      const { callbackUrl } = await ssoSignIn(browser, idp, 'ada', { stopBeforeCallback: true });
      const copies = Array.from({ length: 8 }, () => browser.copy());
      const results = await Promise.all(copies.map((b) => b.get(pathOf(callbackUrl))));
      const signedIn = results.filter((r) => r.location === '/');
      expect(signedIn).toHaveLength(1);
      expect(results.filter((r) => problemOf(r) === 'sign_in_expired')).toHaveLength(7);
    });

    it('wrong nonce (changed on its way to the provider)', async () => {
      const { callback } = await ssoSignIn(browser, idp, 'ada', {
        tamperAuthorizationUrl: (url) => url.searchParams.set('nonce', 'n'.repeat(43)),
      });
      expect(problemOf(callback)).toBe('id_token_invalid');
      expect(await lastAudit()).toMatchObject({ error_code: 'OidcIdTokenNonce' });
      expect((await browser.me()).status).toBe(401);
    });

    it('an ID token for another audience', async () => {
      idp.tamperNextIdToken((c) => ({ claims: { ...c, aud: 'another-app' } }));
      const { callback } = await ssoSignIn(browser, idp, 'ada');
      expect(problemOf(callback)).toBe('id_token_invalid');
      expect(await lastAudit()).toMatchObject({ error_code: 'OidcIdTokenAudience' });
    });

    it('an ID token for several audiences without us as the authorized party', async () => {
      idp.tamperNextIdToken((c) => ({ claims: { ...c, aud: [c.aud, 'another-app'] } }));
      const { callback } = await ssoSignIn(browser, idp, 'ada');
      expect(problemOf(callback)).toBe('id_token_invalid');
      expect(await lastAudit()).toMatchObject({ error_code: 'OidcIdTokenAudience' });
    });

    it('an ID token from another issuer (mix-up)', async () => {
      idp.tamperNextIdToken((c) => ({ claims: { ...c, iss: 'https://other-idp.example.com' } }));
      const { callback } = await ssoSignIn(browser, idp, 'ada');
      expect(problemOf(callback)).toBe('id_token_invalid');
      expect(await lastAudit()).toMatchObject({ error_code: 'OidcIdTokenIssuer' });
    });

    it("an authorization response naming another issuer (RFC 9207's iss)", async () => {
      const { callbackUrl } = await ssoSignIn(browser, idp, 'ada', { stopBeforeCallback: true });
      const tampered = new URL(callbackUrl);
      tampered.searchParams.set('iss', 'https://other-idp.example.com');
      const res = await browser.get(pathOf(tampered.href));
      expect(problemOf(res)).toBe('state_mismatch');
      expect(await lastAudit()).toMatchObject({ error_code: 'OidcIssuerMismatch' });
    });

    it('an expired ID token', async () => {
      idp.tamperNextIdToken((c) => ({
        claims: { ...c, iat: Number(c.iat) - 3600, exp: Number(c.iat) - 1800 },
      }));
      const { callback } = await ssoSignIn(browser, idp, 'ada');
      expect(problemOf(callback)).toBe('id_token_invalid');
      expect(await lastAudit()).toMatchObject({ error_code: 'OidcIdTokenExpired' });
    });

    it('an ID token signed with a key that is not the provider’s', async () => {
      idp.tamperNextIdToken((c) => ({ claims: c, signWith: 'foreign' }));
      const { callback } = await ssoSignIn(browser, idp, 'ada');
      expect(problemOf(callback)).toBe('id_token_invalid');
      expect(await lastAudit()).toMatchObject({ error_code: 'OidcIdTokenSignature' });
    });

    it('an expired authorization code', async () => {
      const { callbackUrl } = await ssoSignIn(browser, idp, 'ada', { stopBeforeCallback: true });
      idp.expireAuthorizationCodes();
      const res = await browser.get(pathOf(callbackUrl));
      expect(problemOf(res)).toBe('code_rejected');
      expect(await lastAudit()).toMatchObject({ error_code: 'OidcCodeRejected' });
    });

    it("an authorization code injected from another browser's sign-in (PKCE refuses it)", async () => {
      const other = new ConsoleBrowser(() => h.app);
      const stolen = await ssoSignIn(other, idp, 'ada', { stopBeforeCallback: true });
      const mine = await browser.get('/api/auth/oidc/login');
      const myState = new URL(mine.location!).searchParams.get('state')!;
      const injected = new URL(stolen.callbackUrl);
      injected.searchParams.set('state', myState);
      const res = await browser.get(pathOf(injected.href));
      expect(problemOf(res)).toBe('code_rejected');
      expect((await browser.me()).status).toBe(401);
    });

    it('an expired sign-in (10 minutes at the provider)', async () => {
      const { callbackUrl } = await ssoSignIn(browser, idp, 'ada', { stopBeforeCallback: true });
      h.clock.advance(10 * 60_000 + 1000);
      const res = await browser.get(pathOf(callbackUrl));
      expect(problemOf(res)).toBe('sign_in_expired');
      expect(await lastAudit()).toMatchObject({ error_code: 'OidcTransactionExpired' });
    });
  });

  describe('returnTo stays inside the console (no open redirect)', () => {
    for (const [returnTo, expected] of [
      ['/users/bob', '/users/bob'],
      ['/users?q=a%20b', '/users?q=a%20b'],
      ['//evil.example.com/x', '/'],
      ['/\\evil.example.com', '/'],
      ['/%5Cevil.example.com', '/'],
      ['https://evil.example.com', '/'],
      ['/api/auth/logout', '/'],
      ['/%61pi/auth/logout', '/'],
      ['/ok#frag', '/'],
      ['/\t/evil.example.com', '/'],
      // Dot segments the URL parser resolves into `//host` (outside review: an open redirect).
      ['/.//evil.example.com', '/'],
      ['/..//evil.example.com', '/'],
      ['/%2e//evil.example.com', '/'],
      ['/%2E%2E//evil.example.com', '/'],
      ['/x/%2e%2e//evil.example.com', '/'],
      ['/users/./bob', '/'],
      ['/users/../api/auth/logout', '/'],
      ['users', '/'],
      [`/${'a'.repeat(600)}`, '/'],
    ] as const) {
      it(`${JSON.stringify(returnTo)} → ${expected}`, async () => {
        const { callback } = await ssoSignIn(new ConsoleBrowser(() => h.app), idp, 'ada', {
          returnTo,
        });
        expect(callback!.status).toBe(303);
        expect(callback!.location).toBe(expected);
      });
    }
  });
});
