import { CSRF_HEADER, ConsoleErrorCode } from '@ram-console/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiHttpError, forbidden, unauthenticated } from '../../errors.js';
import { safeEqual } from '../../lib/crypto.js';
import type { ActiveSession } from './sessions.js';
import { SESSION_COOKIE } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs on every /api request before the body is parsed: a route is 'operator' (signed in) unless
 * it says otherwise, so a new route is closed by default. State-changing requests also need the
 * session's CSRF token.
 */
export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs')) return;
    // No route matched: the not-found handler answers 404.
    if (!request.routeOptions.url) return;
    const access = request.routeOptions.config?.access ?? 'operator';
    const cookie = request.cookies[SESSION_COOKIE];
    request.session = cookie ? await app.services.sessions.resolve(cookie) : null;
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
    if (access === 'admin' && request.session.operator.role !== 'admin') {
      throw forbidden('Only admins can do this');
    }
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
