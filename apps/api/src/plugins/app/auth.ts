import { CSRF_HEADER, ConsoleErrorCode } from '@ram-console/contracts';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { ApiHttpError, ConsoleError, forbidden, unauthenticated } from '../../errors.js';
import { safeEqual } from '../../lib/crypto.js';
import type { RouteAccess } from '../../types.js';
import type { ActiveSession } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const ROUTE_ACCESS: readonly RouteAccess[] = ['public', 'operator', 'admin'];
const isRouteAccess = (v: unknown): v is RouteAccess => ROUTE_ACCESS.includes(v as RouteAccess);

/** Set on the /api scope only; its children inherit it, the root and siblings do not. */
const API_SCOPE = 'apiScope';

/** A route URL in the /api space, as registered (registration text, never request text). */
const isApiRouteUrl = (url: string) => /^\/api(\/|$)/i.test(url);

/**
 * At the root, before anything registers routes: an /api route registered outside the one /api
 * scope would escape its hooks, so it stops the app from building.
 */
export function refuseApiRoutesOutsideScope(app: FastifyInstance): void {
  app.addHook('onRoute', function (this: FastifyInstance, route) {
    if (isApiRouteUrl(route.url) && !this.hasDecorator(API_SCOPE)) {
      throw new Error(
        `${String(route.method)} ${route.url} is registered outside the /api scope (routes/api/index.ts)`,
      );
    }
  });
}

/**
 * The /api scope's access control, decided on the route that matched, never on the text of the
 * URL (the router decodes `%61pi`, the URL keeps it):
 * - every route declares `config.access` ('public' | 'operator' | 'admin'); a route without one
 *   stops the app at start-up and, were it ever reached, is refused (closed by default);
 * - 'operator' and 'admin' need a session, 'admin' refuses members, and a state-changing method
 *   needs the session's CSRF token; all of it in `onRequest`, before any body is parsed;
 * - a session whose password must be changed reaches only the routes that declare
 *   `config.beforePasswordChange` (/me, logout, the password change);
 * - every answer of the scope is `Cache-Control: no-store` (any of them may carry a secret).
 * Requests that match no route never enter the scope: the root's not-found handler answers them.
 */
export function registerAccessControl(api: FastifyInstance): void {
  api.decorate(API_SCOPE, true);
  api.decorateRequest('session', null);

  // Read at ready time: a child plugin's own onRoute hook (the docs UI's) declares after this one.
  const registered: RouteOptions[] = [];
  api.addHook('onRoute', (route) => void registered.push(route));
  api.addHook('onReady', async () => {
    const undeclared = registered.filter((r) => !isRouteAccess(r.config?.access));
    if (undeclared.length) {
      throw new Error(
        `Routes without config.access ('public' | 'operator' | 'admin'): ${undeclared
          .map((r) => `${String(r.method)} ${r.url}`)
          .join(', ')}`,
      );
    }
  });

  api.addHook('onRequest', async (request) => {
    const access: unknown = request.routeOptions.config.access;
    if (!isRouteAccess(access)) throw forbidden('This route declares no access; it is closed');
    const cookie = request.cookies[api.services.publicOrigin.sessionCookie.name];
    request.session = cookie ? await api.services.sessions.resolve(cookie) : null;
    if (access === 'public') return;
    if (!request.session) throw unauthenticated();
    if (!SAFE_METHODS.has(request.method)) {
      const token = request.headers[CSRF_HEADER];
      if (typeof token !== 'string' || !safeEqual(token, request.session.csrfToken)) {
        throw new ApiHttpError(
          403,
          ConsoleErrorCode.CsrfTokenInvalid,
          `Missing or wrong ${CSRF_HEADER} header; reload the page`,
        );
      }
    }
    // A generated or admin-set password: the session may only change it (and read /me, sign
    // out) until it does. Declared on the route like the access itself.
    if (
      request.session.operator.must_change_password === 1 &&
      request.routeOptions.config.beforePasswordChange !== true
    ) {
      throw new ConsoleError(
        ConsoleErrorCode.PasswordChangeRequired,
        'Choose a new password first (POST /api/auth/password)',
      );
    }
    if (access === 'admin' && request.session.operator.role !== 'admin') {
      throw forbidden('Only admins can do this');
    }
  });

  api.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
}

export function requireSession(request: FastifyRequest): ActiveSession {
  if (!request.session) throw unauthenticated();
  return request.session;
}

/** Admins manage every RAM user; a member only the one RAM user mapped to them. */
export function assertCanManageUser(session: ActiveSession, userName: string): void {
  if (session.operator.role === 'admin') return;
  if (session.operator.ram_user_name !== userName) {
    throw forbidden('Members can manage only their own RAM user');
  }
}
