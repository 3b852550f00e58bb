import type { FastifyInstance } from 'fastify';
import type { TestIdp, TestIdpBrowser } from '../../../test/support/oidc-provider.js';

export interface BrowserResponse {
  status: number;
  location: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON freely
  body: any;
  setCookies: string[];
}

/**
 * A browser at the console for the SSO tests: a cookie jar over app.inject (the session and the
 * sign-in cookie both), navigations that return the redirect instead of following it.
 */
export class ConsoleBrowser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly app: () => FastifyInstance) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    headers: Record<string, string> = {},
    payload?: object,
  ): Promise<BrowserResponse> {
    const res = await this.app().inject({
      method,
      url,
      headers: { ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}), ...headers },
      ...(payload !== undefined ? { payload } : {}),
    });
    const raw = res.headers['set-cookie'];
    const setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
    for (const c of setCookies) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    let body: unknown;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      body = res.body;
    }
    const location = res.headers.location;
    return {
      status: res.statusCode,
      location: typeof location === 'string' ? location : undefined,
      body,
      setCookies,
    };
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, headers);
  }

  /** A JSON call of the signed-in console (the session's CSRF token from /me). */
  async call(method: 'POST' | 'PUT' | 'DELETE', url: string, body?: object) {
    const me = await this.me();
    const csrf = (me.body as { csrfToken?: string } | undefined)?.csrfToken ?? '';
    return this.request(method, url, { 'x-csrf-token': csrf }, body);
  }

  /** The signed-in operator (GET /api/auth/me), or the 401. */
  me() {
    return this.get('/api/auth/me');
  }

  copy(): ConsoleBrowser {
    const other = new ConsoleBrowser(this.app);
    for (const [k, v] of this.cookies) other.cookies.set(k, v);
    return other;
  }
}

/** path + query of an absolute URL the provider redirected to (inject takes a path). */
export const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/**
 * One SSO sign-in: Sign in with SSO at the console, the provider's own sign-in and consent forms
 * (over HTTP), back to the callback. The hooks let a test tamper with the authorization request
 * on its way to the provider, or with the callback on its way back.
 */
export async function ssoSignIn(
  browser: ConsoleBrowser,
  idp: TestIdp,
  login: string,
  opts: {
    consent?: 'accept' | 'deny';
    returnTo?: string;
    /** "Try again" on the problem page after a refusal about the account: `prompt=login`. */
    promptLogin?: boolean;
    /** The browser at the provider, signed in there or not; default: a new one. */
    at?: TestIdpBrowser;
    tamperAuthorizationUrl?: (url: URL) => void;
    /** Stop before the callback: the test decides what to do with it. */
    stopBeforeCallback?: boolean;
  } = {},
): Promise<{ start: BrowserResponse; callbackUrl: string; callback: BrowserResponse | null }> {
  const query = [
    ...(opts.returnTo !== undefined ? [`returnTo=${encodeURIComponent(opts.returnTo)}`] : []),
    ...(opts.promptLogin ? ['prompt=login'] : []),
  ].join('&');
  const start = await browser.get(`/api/auth/oidc/login${query ? `?${query}` : ''}`);
  if (start.status !== 303 || !start.location?.startsWith(idp.issuer)) {
    throw new Error(`SSO start: ${start.status} ${start.location} ${JSON.stringify(start.body)}`);
  }
  const authorizationUrl = new URL(start.location);
  opts.tamperAuthorizationUrl?.(authorizationUrl);
  const callbackUrl = await (opts.at ?? idp).signIn(authorizationUrl.href, login, {
    consent: opts.consent ?? 'accept',
  });
  if (opts.stopBeforeCallback) return { start, callbackUrl, callback: null };
  const callback = await browser.get(pathOf(callbackUrl));
  return { start, callbackUrl, callback };
}

/** The problem the callback sent the browser to (`/sign-in/sso-problem?problem=…`), if any. */
export function problemOf(res: BrowserResponse | null): string | null {
  if (!res?.location?.startsWith('/sign-in/sso-problem?')) return null;
  return new URLSearchParams(res.location.split('?')[1]).get('problem');
}
