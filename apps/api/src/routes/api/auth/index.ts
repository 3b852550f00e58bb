import { ConsoleErrorCode, LoginRequest, Me } from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ConsoleError } from '../../../errors.js';
import { dummyPasswordHash, maskPhone, verifyPassword } from '../../../lib/crypto.js';
import { requireSession } from '../../../plugins/app/auth.js';
import type { ActiveSession } from '../../../plugins/app/sessions.js';
import { z } from 'zod';
import { errors } from '../common.js';

const signInThrottled = (retryAfterSeconds: number) =>
  new ConsoleError(
    ConsoleErrorCode.SignInThrottled,
    `Too many failed sign-ins for this name from your address; try again in ${retryAfterSeconds} s`,
    { retryAfterSeconds },
  );

export interface AuthRouteOptions {
  loginPerMinutePerIp: number;
}

const authRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, opts) => {
  const { operators, sessions, audit, db, signInThrottle } = app.services;

  async function me(
    session: Pick<ActiveSession, 'csrfToken' | 'operator' | 'stepUpUntil'>,
  ): Promise<Me> {
    // Sign-in must not depend on RAM answering: without it, the two names are empty for now
    // (the next /me asks RAM again).
    const account = await app.services.account().catch((err: unknown) => {
      app.log.warn({ err }, 'account alias/id unavailable');
      return { accountAlias: '', accountId: '' };
    });
    return {
      operator: {
        username: session.operator.username,
        role: session.operator.role,
        ramUserName: session.operator.ram_user_name,
        maskedPhone: maskPhone(session.operator.phone),
        mustChangePassword: session.operator.must_change_password === 1,
      },
      csrfToken: session.csrfToken,
      stepUpUntil:
        session.stepUpUntil && Date.parse(session.stepUpUntil) > app.services.now().getTime()
          ? session.stepUpUntil
          : null,
      mode: app.services.config.mode,
      accountAlias: account.accountAlias,
      accountId: account.accountId,
    };
  }

  // Name and Secure follow PUBLIC_URL (plugins/app/public-origin.ts), never X-Forwarded-Proto.
  const { sessionCookie } = app.services.publicOrigin;

  app.post(
    '/api/auth/login',
    {
      config: {
        access: 'public',
        rateLimit: { max: opts.loginPerMinutePerIp, timeWindow: '1 minute' },
      },
      schema: { tags: ['auth'], body: LoginRequest, response: { 200: Me, ...errors } },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const client = { requestId: request.id, ip: request.ip };
      // Counted before the password is checked (see sign-in-throttle.ts): unknown and known names
      // alike, so the answers never tell them apart.
      const reservation = await signInThrottle.reserve(username, request.ip);
      if (!reservation.ok) {
        await audit.record({
          operator: username,
          action: 'LoginThrottled',
          outcome: 'failure',
          errorCode: ConsoleErrorCode.SignInThrottled,
          ...client,
        });
        throw signInThrottled(reservation.retryAfterSeconds);
      }
      const operator = await operators.get(username);
      const ok = await verifyPassword(password, operator?.password_hash ?? dummyPasswordHash());
      if (!operator || !ok) {
        await audit.record({
          operator: username,
          action: 'Login',
          outcome: 'failure',
          errorCode: ConsoleErrorCode.InvalidCredentials,
          ...client,
        });
        throw new ConsoleError(ConsoleErrorCode.InvalidCredentials, 'Wrong username or password');
      }
      // A new session id at every sign-in (an older session on this browser ends), the cleared
      // throttle and the audit row: one transaction.
      const created = await db.transaction().execute(async (trx) => {
        await signInThrottle.succeeded(username, request.ip, trx);
        if (request.session) await sessions.destroy(request.session.idHash, trx);
        const session = await sessions.create(
          operator.username,
          { ip: request.ip, userAgent: request.headers['user-agent'] },
          trx,
        );
        await audit.record(
          { operator: operator.username, action: 'Login', outcome: 'success', ...client },
          trx,
        );
        return session;
      });
      // A hash from older scrypt parameters is replaced now that the password is at hand.
      await operators.rehashIfNeeded(operator, password);
      reply.setCookie(sessionCookie.name, created.id, sessionCookie.options);
      return me({ csrfToken: created.csrfToken, stepUpUntil: null, operator });
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'operator' },
      schema: { tags: ['auth'], response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      const session = requireSession(request);
      await sessions.destroy(session.idHash);
      await audit.record({
        operator: session.operator.username,
        action: 'Logout',
        outcome: 'success',
        requestId: request.id,
        ip: request.ip,
      });
      reply.clearCookie(sessionCookie.name, sessionCookie.options);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'operator' },
      schema: { tags: ['auth'], response: { 200: Me, ...errors } },
    },
    async (request) => me(requireSession(request)),
  );
};
export default authRoutes;
