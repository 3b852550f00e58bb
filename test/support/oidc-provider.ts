import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, {
  type Adapter,
  type AdapterPayload,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';

/**
 * A real OpenID Provider (`oidc-provider`, certified) on a free loopback port, for the API tests
 * (vitest) and the browser journeys (Playwright) alike. Its own development interactions are the
 * sign-in page (any login name; the password is not checked) and the consent page; the accounts
 * and their claims come from `users`, which a test may change between sign-ins (a user removed
 * from a group).
 *
 * The one thing it does that a provider never would: `tamperNextIdToken` rewrites the claims of
 * the next ID token the token endpoint answers and signs it again with the provider's own key (or
 * a foreign one), so tests can prove the console refuses a validly signed token for another
 * audience or issuer, with another nonce, or expired.
 */

export interface TestIdpUser {
  /** What the tester types in the provider's sign-in form; also the `sub`. */
  login: string;
  name?: string;
  email?: string;
  preferred_username?: string;
  phone_number?: string;
  phone_number_verified?: boolean;
  groups?: string[];
  /** Any other claim (an unusual RAM-user or groups claim name). */
  [claim: string]: unknown;
}

export const TEST_IDP_GROUPS = { admins: 'console-admins', members: 'console-members' } as const;

/** Test people: an admin, a member on RAM user alice, one in no group, one on a missing RAM user. */
export const TEST_IDP_USERS: TestIdpUser[] = [
  {
    login: 'ada',
    name: 'Ada Admin',
    email: 'ada@example.com',
    preferred_username: 'ada',
    phone_number: '+8613800000101',
    phone_number_verified: true,
    groups: [TEST_IDP_GROUPS.admins, 'everyone'],
  },
  {
    login: 'ben',
    name: 'Ben Member',
    email: 'ben@example.com',
    preferred_username: 'alice',
    phone_number: '+8613800000102',
    phone_number_verified: true,
    groups: [TEST_IDP_GROUPS.members, 'everyone'],
  },
  {
    login: 'cat',
    name: 'Cat Nogroup',
    email: 'cat@example.com',
    preferred_username: 'cat',
    groups: ['everyone'],
  },
  {
    login: 'dan',
    name: 'Dan Missing',
    email: 'dan@example.com',
    preferred_username: 'no-such-ram-user',
    groups: [TEST_IDP_GROUPS.members],
  },
  {
    login: 'eve',
    name: 'Eve Unverified',
    email: 'eve@example.com',
    preferred_username: 'bob',
    phone_number: '+8613800000105',
    phone_number_verified: false,
    groups: [TEST_IDP_GROUPS.members],
  },
];

/** A change to the next ID token: new claims, and which key signs it. */
export type IdTokenTamper = (claims: Record<string, unknown>) => {
  claims: Record<string, unknown>;
  /** `provider` (default): a valid signature by the provider's key; `foreign`: another key. */
  signWith?: 'provider' | 'foreign';
};

export interface TestIdp {
  issuer: string;
  client: { clientId: string; clientSecret: string };
  /** Current accounts by login; change them between sign-ins. */
  users: Map<string, TestIdpUser>;
  setUser(login: string, changes: Partial<TestIdpUser>): void;
  /** The console's registered redirect URIs, once its address is known. */
  setConsoleUrls(urls: { redirectUris: string[]; postLogoutRedirectUris?: string[] }): void;
  tamperNextIdToken(tamper: IdTokenTamper): void;
  /** Every authorization code issued so far expires now (the provider's clock for codes). */
  expireAuthorizationCodes(): void;
  /** Authorization requests the provider has received (their query parameters). */
  authorizationRequests: URLSearchParams[];
  /**
   * Plays the browser at the provider over HTTP: follows the console's authorization URL through
   * the provider's own sign-in and consent forms and returns the URL the provider finally sends
   * the browser to (the console's callback, with `code`, `state`, `iss`, or with an `error`).
   * A new browser each time: nobody is signed in at the provider yet.
   */
  signIn(
    authorizationUrl: string,
    login: string,
    opts?: { consent?: 'accept' | 'deny' },
  ): Promise<string>;
  /**
   * One browser that keeps its cookies at the provider from one sign-in to the next, as a person's
   * does: once signed in there, the provider answers without asking again, unless the console
   * sends `prompt=login`.
   */
  browser(): TestIdpBrowser;
  stop(): Promise<void>;
}

export interface TestIdpBrowser {
  /** As `TestIdp.signIn`, with this browser's cookies at the provider. */
  signIn(
    authorizationUrl: string,
    login: string,
    opts?: { consent?: 'accept' | 'deny' },
  ): Promise<string>;
}

export interface TestIdpOptions {
  /** The console's callback (PUBLIC_URL + /api/auth/oidc/callback); or later, `setConsoleUrls`. */
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  users?: TestIdpUser[];
  /** Claims in the ID token itself (`conformIdTokenClaims: false`); default: from userinfo only. */
  claimsInIdToken?: boolean;
  /** The issuer's host name: `127.0.0.1` (default) or `localhost`. */
  hostname?: '127.0.0.1' | 'localhost';
  /** Extra claims released under the `profile` scope (e.g. a custom RAM-user claim). */
  extraProfileClaims?: string[];
}

export async function startTestIdp(opts: TestIdpOptions): Promise<TestIdp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Listening on 127.0.0.1 whatever the name: `localhost` makes the provider another site than a
  // console at 127.0.0.1, as a real provider is (SameSite cookies behave as in production).
  const issuer = `http://${opts.hostname ?? '127.0.0.1'}:${port}`;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = randomBytes(8).toString('hex');
  const privateJwk = { ...signingKey.privateKey.export({ format: 'jwk' }), kid, use: 'sig' };

  const users = new Map((opts.users ?? TEST_IDP_USERS).map((u) => [u.login, { ...u }]));
  const client = { clientId: 'ram-console', clientSecret: randomBytes(24).toString('base64url') };
  const authorizationRequests: URLSearchParams[] = [];
  let tamper: IdTokenTamper | null = null;
  const storage = new ProviderStorage();

  const configuration: Configuration = {
    adapter: storage.adapter(),
    async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
      if (!users.has(sub)) return undefined;
      return {
        accountId: sub,
        // Read at issue time: a change to `users` shows at the next sign-in.
        async claims() {
          const { login, ...claims } = users.get(sub) ?? { login: sub };
          return { sub: login, ...claims };
        },
      };
    },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'groups', ...(opts.extraProfileClaims ?? [])],
      email: ['email', 'email_verified'],
      phone: ['phone_number', 'phone_number_verified'],
    },
    conformIdTokenClaims: !opts.claimsInIdToken,
    jwks: { keys: [privateJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      // The console never asks for these; off keeps the provider to what the tests use.
      introspection: { enabled: false },
      revocation: { enabled: false },
    },
  };
  const provider = new Provider(issuer, configuration);
  // The console's client lives in the provider's storage, not its static list, so its URLs can
  // be set once the console knows its port (the e2e server listens on port 0).
  const registerConsole = (redirectUris: string[], postLogoutRedirectUris: string[]) =>
    storage.put('Client', client.clientId, {
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
  registerConsole(opts.redirectUris ?? [], opts.postLogoutRedirectUris ?? []);

  provider.use(async (ctx, next) => {
    if (ctx.path === '/auth' && ctx.method === 'GET') {
      authorizationRequests.push(new URLSearchParams(ctx.querystring));
    }
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && tamper) {
      const body = ctx.body as { id_token?: string };
      if (body.id_token) {
        const change = tamper(decodeJwtClaims(body.id_token));
        tamper = null;
        const key = change.signWith === 'foreign' ? foreignKey : signingKey.privateKey;
        body.id_token = signRs256(change.claims, key, kid);
      }
    }
  });
  server.on('request', provider.callback());

  const idp: TestIdp = {
    issuer,
    client,
    users,
    authorizationRequests,
    setUser(login, changes) {
      const current = users.get(login);
      if (!current) throw new Error(`no test IdP user ${login}`);
      users.set(login, { ...current, ...changes });
    },
    setConsoleUrls(urls) {
      registerConsole(urls.redirectUris, urls.postLogoutRedirectUris ?? []);
    },
    tamperNextIdToken(t) {
      tamper = t;
    },
    expireAuthorizationCodes() {
      storage.expire('AuthorizationCode');
    },
    signIn: (authorizationUrl, login, signInOpts = {}) =>
      playBrowser(issuer, new Map(), authorizationUrl, login, signInOpts.consent ?? 'accept'),
    browser() {
      const jar = new Map<string, string>();
      return {
        signIn: (authorizationUrl, login, signInOpts = {}) =>
          playBrowser(issuer, jar, authorizationUrl, login, signInOpts.consent ?? 'accept'),
      };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((err) => (err ? reject(err) : resolve())),
      );
    },
  };
  return idp;
}

/**
 * What a grant's revocation takes with it: the tokens and codes issued under it, as in the
 * provider's own memory adapter. Not every payload that names a grant: an Interaction carries the
 * `grantId` of the session it started from, and ending that session (another account signing in
 * at `prompt=login`) revokes the grant while the interaction still has to resume.
 */
const GRANTABLE_MODELS = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

/**
 * The provider's storage (what its development-only memory adapter does, per provider instance),
 * with one test channel: expiring the stored artifacts of one kind, as time would.
 */
class ProviderStorage {
  private readonly payloads = new Map<string, AdapterPayload>();
  private readonly sessionUids = new Map<string, string>();
  private readonly grants = new Map<string, Set<string>>();

  put(model: string, id: string, payload: AdapterPayload): void {
    this.payloads.set(`${model}:${id}`, payload);
  }

  expire(model: string): void {
    const past = Math.floor(Date.now() / 1000) - 60;
    for (const [key, payload] of this.payloads) {
      if (key.startsWith(`${model}:`)) payload.exp = past;
    }
  }

  adapter() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the adapter class closes over the store
    const store = this;
    return class implements Adapter {
      constructor(private readonly model: string) {}
      private key(id: string) {
        return `${this.model}:${id}`;
      }
      async upsert(id: string, payload: AdapterPayload) {
        store.payloads.set(this.key(id), { ...payload });
        if (this.model === 'Session' && payload.uid) store.sessionUids.set(payload.uid, id);
        if (GRANTABLE_MODELS.has(this.model) && payload.grantId) {
          const members = store.grants.get(payload.grantId) ?? new Set<string>();
          members.add(this.key(id));
          store.grants.set(payload.grantId, members);
        }
      }
      async find(id: string) {
        return store.payloads.get(this.key(id));
      }
      async findByUid(uid: string) {
        const id = store.sessionUids.get(uid);
        return id ? store.payloads.get(this.key(id)) : undefined;
      }
      async findByUserCode() {
        return undefined;
      }
      async consume(id: string) {
        const payload = store.payloads.get(this.key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      }
      async destroy(id: string) {
        store.payloads.delete(this.key(id));
      }
      async revokeByGrantId(grantId: string) {
        for (const key of store.grants.get(grantId) ?? []) store.payloads.delete(key);
        store.grants.delete(grantId);
      }
    };
  }
}

function decodeJwtClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function signRs256(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${part({ alg: 'RS256', typ: 'JWT', kid })}.${part(claims)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${signature}`;
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * A minimal browser for the provider's pages: a cookie jar, manual redirects, the two forms of its
 * development interactions (sign-in, then consent; "Cancel" is the abort link), and the forms it
 * submits by script (ending the session of the account signed in before, when another signs in).
 */
async function playBrowser(
  issuer: string,
  jar: Map<string, string>,
  authorizationUrl: string,
  login: string,
  consent: 'accept' | 'deny',
): Promise<string> {
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const send = async (url: string, init: { method?: string; body?: URLSearchParams } = {}) => {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: cookieHeader(),
        ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.body ? { body: init.body.toString() } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };

  let url = authorizationUrl;
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (!url.startsWith(`${issuer}/`)) return url; // left the provider: the console's callback
    const res = await send(url, body ? { method: 'POST', body } : {});
    body = undefined;
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`test IdP answered ${res.status} at ${url}: ${html}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`unexpected page at ${url}: ${html.slice(0, 500)}`);
    const hidden = new URLSearchParams(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(
        ([, name = '', value = '']): [string, string] => [name, unescapeHtml(value)],
      ),
    );
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (prompt === 'consent' && consent === 'deny') {
      const abort = /<a href="([^"]+\/abort)"/.exec(html)?.[1];
      if (!abort) throw new Error('no Cancel link on the consent page');
      url = new URL(unescapeHtml(abort), url).href;
      continue;
    }
    url = new URL(unescapeHtml(action), url).href;
    if (prompt === 'login') body = new URLSearchParams({ prompt, login, password: 'any' });
    else if (prompt) body = new URLSearchParams({ prompt });
    else if (/document\.forms\[0\]\.submit\(\)/.test(html)) body = hidden;
    else throw new Error(`unexpected form at ${url}: ${html.slice(0, 500)}`);
  }
  throw new Error('too many hops at the test IdP');
}
