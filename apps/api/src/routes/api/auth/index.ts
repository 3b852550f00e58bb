import {
  ChangeOwnPasswordRequest,
  ConsoleErrorCode,
  ListSessionsResponse,
  LoginRequest,
  LogoutResponse,
  Me,
  SessionParams,
} from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ConsoleError, notFound } from '../../../errors.js';
import { dummyPasswordHash, maskPhone, verifyPassword } from '../../../lib/crypto.js';
import { requireSession } from '../../../plugins/app/auth.js';
import { ssoHasNoPassword } from '../../../plugins/app/operators.js';
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
        source: session.operator.source,
        phoneMissing: session.operator.phone === '',
      },
      csrfToken: session.csrfToken,
      stepUpUntil:
        session.stepUpUntil && Date.parse(session.stepUpUntil) > app.services.now().getTime()
          ? session.stepUpUntil
          : null,
      mode: app.services.config.mode,
      flow: app.services.config.flow,
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
      // LOCAL_LOGIN=false: password sign-in is left to break-glass admins (added with the operator
      // CLI). Anyone else gets the wrong-password answer even with the right password, so the
      // answer is no password oracle; the audit row keeps the real reason, and the sign-in page
      // offers the password form only behind its break-glass disclosure.
      if (
        !app.services.config.localLogin &&
        !(operator.role === 'admin' && operator.break_glass === 1)
      ) {
        await audit.record({
          operator: operator.username,
          action: 'Login',
          outcome: 'failure',
          errorCode: ConsoleErrorCode.LocalLoginDisabled,
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
      config: { access: 'operator', beforePasswordChange: true },
      schema: {
        tags: ['auth'],
        response: { 200: LogoutResponse, 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      // An SSO session also ends at the provider where it can (read before the session goes).
      const endSessionUrl = await app.services.sso?.endSessionUrl(
        session.idHash,
        `${app.services.publicOrigin.origin}/sign-in`,
      );
      await sessions.destroy(session.idHash);
      await audit.record({
        operator: session.operator.username,
        action: 'Logout',
        outcome: 'success',
        requestId: request.id,
        ip: request.ip,
      });
      reply.clearCookie(sessionCookie.name, sessionCookie.options);
      if (endSessionUrl) return reply.code(200).send({ endSessionUrl });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'operator', beforePasswordChange: true },
      schema: { tags: ['auth'], response: { 200: Me, ...errors } },
    },
    async (request) => me(requireSession(request)),
  );

  /**
   * One's own password. The current one is asked for, and each try goes through the sign-in
   * throttle of (username, IP) like a sign-in: a stolen session must not become an unthrottled
   * way to guess the password. On success the operator's sessions all end, this browser gets a
   * new session id (its privileges change: a forced change is done), pending codes and step-up
   * windows are gone.
   */
  app.post(
    '/api/auth/password',
    {
      config: {
        access: 'operator',
        beforePasswordChange: true,
        rateLimit: { max: opts.loginPerMinutePerIp, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        body: ChangeOwnPasswordRequest,
        response: { 200: Me, ...errors },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      const username = session.operator.username;
      const { currentPassword, newPassword } = request.body;
      const entry = {
        operator: username,
        action: 'ChangeOwnPassword' as const,
        targetOperator: username,
        requestId: request.id,
        ip: request.ip,
      };
      const created = await audit.run(entry, async (within) => {
        if (session.operator.source === 'sso') throw ssoHasNoPassword();
        // Compares two typed values only (tells nothing about the stored password).
        if (newPassword === currentPassword) {
          throw new ConsoleError(
            ConsoleErrorCode.PasswordUnchanged,
            'The new password must differ from the current one',
          );
        }
        const reservation = await signInThrottle.reserve(username, request.ip);
        if (!reservation.ok) throw signInThrottled(reservation.retryAfterSeconds);
        // The stored hash now (not the one read with the session): the UPDATE is conditional on it.
        const current = await operators.get(username);
        if (!current || !(await verifyPassword(currentPassword, current.password_hash))) {
          throw new ConsoleError(
            ConsoleErrorCode.CurrentPasswordIncorrect,
            'The current password is not correct',
          );
        }
        let fresh: Awaited<ReturnType<typeof sessions.create>> | undefined;
        const row = await operators.setPassword(
          username,
          newPassword,
          { mustChangePassword: false, keepIdHash: null, replacesHash: current.password_hash },
          async (trx) => {
            await signInThrottle.succeeded(username, request.ip, trx);
            fresh = await sessions.create(
              username,
              { ip: request.ip, userAgent: request.headers['user-agent'] },
              trx,
            );
            await within(trx);
          },
        );
        return { session: fresh!, row };
      });
      reply.setCookie(sessionCookie.name, created.session.id, sessionCookie.options);
      return me({ csrfToken: created.session.csrfToken, stepUpUntil: null, operator: created.row });
    },
  );

  app.get(
    '/api/auth/sessions',
    {
      config: { access: 'operator' },
      schema: { tags: ['auth'], response: { 200: ListSessionsResponse, ...errors } },
    },
    async (request) => {
      const session = requireSession(request);
      const list = await sessions.list(session.operator.username);
      return {
        sessions: list.map(({ idHash, ...s }) => ({ ...s, current: idHash === session.idHash })),
      };
    },
  );

  app.delete(
    '/api/auth/sessions/:id',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['auth'],
        params: SessionParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      const username = session.operator.username;
      await audit.run(
        {
          operator: username,
          action: 'EndSession',
          targetOperator: username,
          requestId: request.id,
          ip: request.ip,
        },
        async (within) => {
          // Only this operator's own sessions: another's id is "not found", like no id at all.
          const ended = await db.transaction().execute(async (trx) => {
            const ok = await sessions.endOne(username, request.params.id, trx);
            if (ok) await within(trx);
            return ok;
          });
          if (!ended) throw notFound('No such session of yours (it may have ended already)');
        },
      );
      if (request.params.id === session.publicId) {
        reply.clearCookie(sessionCookie.name, sessionCookie.options);
      }
      return reply.code(204).send(null);
    },
  );
};
export default authRoutes;
