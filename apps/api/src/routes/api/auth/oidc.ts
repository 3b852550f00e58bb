import {
  OIDC_CALLBACK_PATH,
  OIDC_LOGIN_PATH,
  SSO_PROBLEM_PAGE,
  SignInMethods,
  type SsoProblem,
} from '@ram-console/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../errors.js';
import { OidcFlowError } from '../../../plugins/app/oidc-client.js';
import { OIDC_TRANSACTION_TTL_MS } from '../../../plugins/app/oidc-transactions.js';
import { errors } from '../common.js';

export interface OidcRouteOptions {
  loginPerMinutePerIp: number;
}

/** The browser's handle on its SSO sign-in in progress (the state itself stays server-side). */
export const OIDC_TRANSACTION_COOKIE = 'ram_console_oidc';

/**
 * SSO sign-in (issue 14). Both navigation routes are public and answer with redirects only:
 * `login` to the provider, `callback` to the console (a page inside it, or the problem page with
 * a fixed reason). Neither takes anything from the request to build a URL but the `returnTo`
 * path, checked before it is stored server-side.
 */
const oidcRoutes: FastifyPluginAsyncZod<OidcRouteOptions> = async (app, opts) => {
  const { sso, config } = app.services;
  const rateLimit = { max: opts.loginPerMinutePerIp, timeWindow: '1 minute' };

  // Name and Secure follow PUBLIC_URL like the session cookie's (plugins/app/public-origin.ts).
  const { secure, sessionCookie } = app.services.publicOrigin;
  const transactionCookie = {
    name: secure ? `__Host-${OIDC_TRANSACTION_COOKIE}` : OIDC_TRANSACTION_COOKIE,
    // Lax, unlike the session's Strict: the callback is a top-level navigation from the
    // provider's site, which must carry it.
    options: { path: '/', httpOnly: true, sameSite: 'lax' as const, secure },
  };
  const problemPage = (reply: FastifyReply, problem: SsoProblem, ramUser?: string) => {
    const query = new URLSearchParams({ problem, ...(ramUser ? { ramUser } : {}) });
    return reply.redirect(`${SSO_PROBLEM_PAGE}?${query}`, 303);
  };

  app.get(
    '/api/auth/sign-in-methods',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], response: { 200: SignInMethods, ...errors } },
    },
    async () => ({ sso: sso !== null, localLogin: config.localLogin }),
  );

  app.get(
    OIDC_LOGIN_PATH,
    {
      config: { access: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Start SSO sign-in (a browser navigation)',
        description:
          'Redirects to the identity provider. Optional `returnTo`: a path inside the console to land on afterwards; `prompt=login`: the provider asks who is signing in even if someone is signed in there (any other value is ignored).',
        response: { 303: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      if (!sso) throw notFound('SSO is not configured (OIDC_ISSUER)');
      const cookie = transactionCookie;
      try {
        const query = request.query as Record<string, unknown>;
        const started = await sso.begin(
          safeReturnTo(query.returnTo),
          request.cookies[cookie.name],
          query.prompt === 'login',
        );
        reply.setCookie(cookie.name, started.handle, {
          ...cookie.options,
          maxAge: OIDC_TRANSACTION_TTL_MS / 1000,
        });
        return reply.redirect(started.url.href, 303);
      } catch (err) {
        if (!(err instanceof OidcFlowError)) throw err;
        request.log.warn(
          { err: { message: err.message, code: err.auditCode } },
          'SSO start failed',
        );
        return problemPage(reply, err.problem);
      }
    },
  );

  app.get(
    OIDC_CALLBACK_PATH,
    {
      config: { access: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        summary: "The identity provider's redirect back (a browser navigation)",
        response: { 303: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      if (!sso) throw notFound('SSO is not configured (OIDC_ISSUER)');
      const cookie = transactionCookie;
      // Single use: whatever happens next, this browser's sign-in is over.
      reply.clearCookie(cookie.name, cookie.options);
      const rawUrl = request.raw.url ?? '';
      const rawQuery = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?')) : '';
      const outcome = await sso.complete(request.cookies[cookie.name], rawQuery, {
        requestId: request.id,
        ip: request.ip ?? null,
        userAgent: request.headers['user-agent'],
      });
      if (!outcome.ok) return problemPage(reply, outcome.problem, outcome.ramUser);
      // A new session id at every sign-in: any earlier session of this browser ends.
      if (request.session) await app.services.sessions.destroy(request.session.idHash);
      reply.setCookie(sessionCookie.name, outcome.sessionId, sessionCookie.options);
      // Checked again where it is used: whatever the transaction holds, never another site.
      return reply.redirect(isLocalPath(outcome.returnTo) ? outcome.returnTo : '/', 303);
    },
  );
};
export default oidcRoutes;

/**
 * Where to land after sign-in: a path inside the console's pages, else `/`. Only an absolute
 * path of RFC 3986 characters; never `//host` or `/\host` (a browser reads both as another
 * site), never an /api URL; at most 512 characters. The value is parsed, and only one the parser
 * leaves exactly as it came is kept: the parser resolves dot segments (`/.//evil`, `/%2e//evil`
 * become `//evil`), so checking the text and returning the parsed URL was an open redirect.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 512) return '/';
  if (!isLocalPath(value) || !/^[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, 'http://console.invalid');
  } catch {
    return '/';
  }
  const parsed = url.pathname + url.search;
  if (url.origin !== 'http://console.invalid' || parsed !== value) return '/';
  let path: string;
  try {
    path = decodeURIComponent(url.pathname).toLowerCase();
  } catch {
    return '/';
  }
  if (/^\/+api(\/|$)/.test(path) || path.includes('\\')) return '/';
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) return '/';
  return parsed;
}

/** A path on this site: one leading `/`, not followed by another `/` or a `\`. */
export const isLocalPath = (value: string): boolean => /^\/(?![/\\])/.test(value);
