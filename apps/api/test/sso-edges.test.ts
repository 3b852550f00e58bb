import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestIdp,
  TEST_IDP_GROUPS,
  TEST_IDP_USERS,
  type TestIdp,
} from '../../../test/support/oidc-provider.js';
import { ADMIN, startHarness, type Harness } from './harness.js';
import { ConsoleBrowser, pathOf, problemOf, ssoSignIn } from './sso-browser.js';

const CALLBACK = 'http://localhost/api/auth/oidc/callback';

const ssoEnv = (idp: TestIdp, extra: Record<string, string> = {}) => ({
  OIDC_ISSUER: idp.issuer,
  OIDC_CLIENT_ID: idp.client.clientId,
  OIDC_CLIENT_SECRET: idp.client.clientSecret,
  OIDC_ADMIN_GROUPS: TEST_IDP_GROUPS.admins,
  OIDC_MEMBER_GROUPS: TEST_IDP_GROUPS.members,
  ...extra,
});

describe('SSO not configured', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('offers no SSO and its routes answer 404', async () => {
    const browser = new ConsoleBrowser(() => h.app);
    expect((await browser.get('/api/auth/sign-in-methods')).body).toEqual({
      sso: false,
      localLogin: true,
    });
    for (const path of ['/api/auth/oidc/login', '/api/auth/oidc/callback?code=x&state=y']) {
      const res = await browser.get(path);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NotFound');
    }
  });
});

describe('an unreachable provider', () => {
  let idp: TestIdp;
  let h: Harness;
  beforeAll(async () => {
    idp = await startTestIdp({ redirectUris: [CALLBACK] });
    h = await startHarness({ env: ssoEnv(idp) });
  });
  afterAll(async () => {
    await h?.close();
    await idp?.stop().catch(() => {});
  });

  it('at the callback (token endpoint gone): the problem page, audited, nothing created', async () => {
    const browser = new ConsoleBrowser(() => h.app);
    const { callbackUrl } = await ssoSignIn(browser, idp, 'ada', { stopBeforeCallback: true });
    await idp.stop();
    const operators = await h.db.selectFrom('operators').selectAll().execute();
    const res = await browser.get(pathOf(callbackUrl));
    expect(problemOf(res)).toBe('provider_unreachable');
    expect((await browser.me()).status).toBe(401);
    expect(await h.db.selectFrom('operators').selectAll().execute()).toEqual(operators);
    const last = await h.db
      .selectFrom('audit_events')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({ action: 'SsoLogin', error_code: 'OidcProviderUnreachable' });
  });

  it('at the start (discovery): the problem page, no sign-in stored', async () => {
    // A console that has never reached the provider (nothing discovered yet).
    const fresh = await startHarness({ env: ssoEnv(idp) });
    try {
      const browser = new ConsoleBrowser(() => fresh.app);
      const res = await browser.get('/api/auth/oidc/login');
      expect(res.status).toBe(303);
      expect(problemOf(res)).toBe('provider_unreachable');
      expect(res.setCookies.some((c) => c.startsWith('ram_console_oidc='))).toBe(false);
      expect(await fresh.db.selectFrom('oidc_transactions').selectAll().execute()).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});

describe('claims in the ID token, custom claim names, name clashes, parallel first sign-ins', () => {
  let idp: TestIdp;
  let h: Harness;
  beforeAll(async () => {
    idp = await startTestIdp({
      redirectUris: [CALLBACK],
      claimsInIdToken: true,
      extraProfileClaims: ['realm_access', 'ram_user'],
      users: [
        ...TEST_IDP_USERS,
        {
          login: 'kim',
          preferred_username: 'admin', // the local admin's name
          realm_access: { roles: ['ops-admins'] },
        },
        {
          login: 'lee',
          preferred_username: 'lee',
          ram_user: 'bob',
          realm_access: { roles: ['ops-members'] },
        },
        {
          login: 'mo',
          preferred_username: 'mo',
          // An extension is not a phone to send codes to.
          phone_number: '+86 138 0000 0107;ext=12',
          phone_number_verified: true,
          realm_access: { roles: ['ops-admins'] },
        },
      ],
    });
    h = await startHarness({
      env: ssoEnv(idp, {
        OIDC_GROUPS_CLAIM: 'realm_access.roles',
        OIDC_ADMIN_GROUPS: 'ops-admins',
        OIDC_MEMBER_GROUPS: 'ops-members',
        OIDC_RAM_USER_CLAIM: 'ram_user',
      }),
    });
  });
  afterAll(async () => {
    await h?.close();
    await idp?.stop();
  });

  it('roles from a nested groups claim, the RAM user from a custom claim', async () => {
    const browser = new ConsoleBrowser(() => h.app);
    await ssoSignIn(browser, idp, 'lee');
    expect((await browser.me()).body.operator).toMatchObject({
      username: 'lee',
      role: 'member',
      ramUserName: 'bob',
    });
    // `groups` is not the configured claim here: ben (console-members in `groups`) has no access.
    const ben = await ssoSignIn(new ConsoleBrowser(() => h.app), idp, 'ben');
    expect(problemOf(ben.callback)).toBe('no_access');
  });

  it("an SSO identity never takes over a local operator's name", async () => {
    const browser = new ConsoleBrowser(() => h.app);
    await ssoSignIn(browser, idp, 'kim');
    expect((await browser.me()).body.operator).toMatchObject({
      username: 'admin-2',
      role: 'admin',
    });
    const local = await h.db
      .selectFrom('operators')
      .selectAll()
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    expect(local).toMatchObject({ source: 'local', oidc_subject: null });
    expect((await h.agent().signIn(ADMIN.username, ADMIN.password)).status).toBe(200);
    // The next sign-in of kim finds admin-2 by identity, not by name.
    const again = new ConsoleBrowser(() => h.app);
    await ssoSignIn(again, idp, 'kim');
    expect((await again.me()).body.operator.username).toBe('admin-2');
  });

  it('a phone the provider did not verify, or one with an extension, is not used', async () => {
    const eve = new ConsoleBrowser(() => h.app);
    // eve: members in `groups`, which this console does not read; give her the custom claims.
    idp.setUser('eve', { realm_access: { roles: ['ops-members'] }, ram_user: 'bob' });
    expect((await ssoSignIn(eve, idp, 'eve')).callback!.location).toBe('/');
    const mo = new ConsoleBrowser(() => h.app);
    expect((await ssoSignIn(mo, idp, 'mo')).callback!.location).toBe('/');
    const rows = await h.db
      .selectFrom('operators')
      .select(['oidc_subject', 'phone'])
      .where('oidc_subject', 'in', ['eve', 'mo'])
      .orderBy('oidc_subject')
      .execute();
    expect(rows).toEqual([
      { oidc_subject: 'eve', phone: '' },
      { oidc_subject: 'mo', phone: '' },
    ]);
  });

  it('the first sign-in of one person from two browsers at once creates one operator', async () => {
    idp.setUser('ada', { realm_access: { roles: ['ops-admins'] } });
    const a = new ConsoleBrowser(() => h.app);
    const b = new ConsoleBrowser(() => h.app);
    const [ra, rb] = await Promise.all([
      ssoSignIn(a, idp, 'ada', { stopBeforeCallback: true }),
      ssoSignIn(b, idp, 'ada', { stopBeforeCallback: true }),
    ]);
    const [ca, cb] = await Promise.all([
      a.get(pathOf(ra.callbackUrl)),
      b.get(pathOf(rb.callbackUrl)),
    ]);
    expect([ca.location, cb.location]).toEqual(['/', '/']);
    const rows = await h.db
      .selectFrom('operators')
      .select('username')
      .where('oidc_subject', '=', 'ada')
      .execute();
    expect(rows).toEqual([{ username: 'ada' }]);
    expect((await a.me()).body.operator.username).toBe('ada');
    expect((await b.me()).body.operator.username).toBe('ada');
    const created = await h.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'CreateSsoOperator')
      .where('operator', '=', 'ada')
      .execute();
    expect(created).toHaveLength(1);
  });
});

describe('behind https (PUBLIC_URL=https://…)', () => {
  let idp: TestIdp;
  let h: Harness;
  const HOST = { host: 'console.example.com' };
  beforeAll(async () => {
    idp = await startTestIdp({
      redirectUris: ['https://console.example.com/api/auth/oidc/callback'],
    });
    h = await startHarness({ env: ssoEnv(idp, { PUBLIC_URL: 'https://console.example.com' }) });
  });
  afterAll(async () => {
    await h?.close();
    await idp?.stop();
  });

  it('the redirect URI is PUBLIC_URL’s; both cookies are __Host- and Secure', async () => {
    const browser = new ConsoleBrowser(() => h.app);
    const start = await browser.get('/api/auth/oidc/login', HOST);
    expect(new URL(start.location!).searchParams.get('redirect_uri')).toBe(
      'https://console.example.com/api/auth/oidc/callback',
    );
    const pending = start.setCookies.find((c) => c.startsWith('__Host-ram_console_oidc='))!;
    expect(pending).toMatch(/; Path=\/;.*Secure/);
    expect(pending).toMatch(/SameSite=Lax/);
    const callbackUrl = await idp.signIn(start.location!, 'ada');
    const callback = await browser.get(pathOf(callbackUrl), HOST);
    expect(callback.location).toBe('/');
    const session = callback.setCookies.find((c) => c.startsWith('__Host-ram_console_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/SameSite=Strict/);
    expect((await browser.get('/api/auth/me', HOST)).body.operator.username).toBe('ada');
    // A request naming another host is refused before anything else (the Host check).
    expect((await browser.get('/api/auth/oidc/login', { host: 'evil.example.com' })).status).toBe(
      421,
    );
  });
});
