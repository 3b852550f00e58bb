import { ConsoleErrorCode, LoginRequest, Me } from '@ram-console/contracts';
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiHttpError } from '../../../errors.js';
import { addMs, iso } from '../../../lib/clock.js';
import { DUMMY_PASSWORD_HASH, maskPhone, verifyPassword } from '../../../lib/crypto.js';
import { requireSession } from '../../../plugins/app/auth.js';
import type { ActiveSession } from '../../../plugins/app/sessions.js';
import { z } from 'zod';
import { errors } from '../common.js';

export const LOGIN_LOCKOUT = { maxFailures: 5, lockMs: 15 * 60_000 } as const;

export interface AuthRouteOptions {
  loginPerMinutePerIp: number;
}

const authRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, opts) => {
  const { operators, sessions, audit, db, now } = app.services;

  async function me(session: Pick<ActiveSession, 'csrfToken' | 'operator'>): Promise<Me> {
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
      },
      csrfToken: session.csrfToken,
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
      const t = now();
      const operator = await operators.get(username);
      const failure = (code: string) => ({
        operator: username,
        action: 'Login',
        outcome: 'failure' as const,
        errorCode: code,
        requestId: request.id,
        ip: request.ip,
      });
      if (operator?.locked_until && Date.parse(operator.locked_until) > t.getTime()) {
        await audit.record(failure(ConsoleErrorCode.AccountLocked));
        const minutes = Math.ceil((Date.parse(operator.locked_until) - t.getTime()) / 60_000);
        throw new ApiHttpError(
          423,
          ConsoleErrorCode.AccountLocked,
          `Too many failed sign-ins: this account is locked for ${minutes} more min`,
          { headers: { 'retry-after': String(minutes * 60) } },
        );
      }
      const ok = await verifyPassword(password, operator?.password_hash ?? DUMMY_PASSWORD_HASH);
      if (!operator || !ok) {
        // The failure count, a lock it triggers and the audit row are one transaction.
        await db.transaction().execute(async (trx) => {
          if (operator) {
            const row = await trx
              .updateTable('operators')
              .set({ failed_logins: sql<number>`failed_logins + 1` })
              .where('username', '=', operator.username)
              .returning('failed_logins')
              .executeTakeFirst();
            if ((row?.failed_logins ?? 0) >= LOGIN_LOCKOUT.maxFailures) {
              await trx
                .updateTable('operators')
                .set({ failed_logins: 0, locked_until: iso(addMs(t, LOGIN_LOCKOUT.lockMs)) })
                .where('username', '=', operator.username)
                .execute();
            }
          }
          await audit.record(failure(ConsoleErrorCode.InvalidCredentials), trx);
        });
        throw new ApiHttpError(
          401,
          ConsoleErrorCode.InvalidCredentials,
          'Wrong username or password',
        );
      }
      // A new session id at every sign-in (an older session on this browser ends), the reset
      // failure count and the audit row: one transaction.
      const created = await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('operators')
          .set({ failed_logins: 0, locked_until: null })
          .where('username', '=', operator.username)
          .execute();
        if (request.session) await sessions.destroy(request.session.idHash, trx);
        const session = await sessions.create(operator.username, request.ip, trx);
        await audit.record(
          {
            operator: operator.username,
            action: 'Login',
            outcome: 'success',
            requestId: request.id,
            ip: request.ip,
          },
          trx,
        );
        return session;
      });
      reply.setCookie(sessionCookie.name, created.id, sessionCookie.options);
      return me({ csrfToken: created.csrfToken, operator });
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
