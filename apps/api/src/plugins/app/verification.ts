import { randomUUID } from 'node:crypto';
import {
  ConsoleErrorCode,
  type StartVerificationResponse,
  type VerifiedAction,
} from '@ram-console/contracts';
import type { Db, Executor } from '../../db/index.js';
import { ApiHttpError } from '../../errors.js';
import { addMs, iso, type Clock } from '../../lib/clock.js';
import { maskPhone, randomToken, sha256, sixDigitCode } from '../../lib/crypto.js';
import type { SmsSender } from './sms.js';

export const VERIFICATION_RULES = {
  codeTtlMs: 5 * 60_000,
  resendAfterMs: 60_000,
  maxAttempts: 5,
  sendsPerHour: 5,
  ticketTtlMs: 5 * 60_000,
} as const;

/** Codes are kept only as a hash keyed by their verification id. */
const codeHash = (id: string, code: string) => sha256(`${id}:${code}`);

export interface Target {
  action: VerifiedAction;
  /** null = the account's own keys. */
  ramUserName: string | null;
}

/**
 * Phone verification: a 6-digit code by SMS, confirmed for a ticket that is bound to
 * (session, action, target RAM user), single use and short-lived.
 */
export function createVerificationService(db: Db, now: Clock, sms: SmsSender) {
  const R = VERIFICATION_RULES;
  return {
    async start(input: {
      sessionIdHash: string;
      operator: string;
      phone: string;
      target: Target;
    }): Promise<StartVerificationResponse> {
      const t = now();
      const hourAgo = iso(addMs(t, -3_600_000));
      const recent = await db
        .selectFrom('verifications')
        .select(['created_at', 'action', 'ram_user_name'])
        .where('operator_username', '=', input.operator)
        .where('created_at', '>', hourAgo)
        .orderBy('created_at', 'asc')
        .execute();
      if (recent.length >= R.sendsPerHour) {
        const retryAt = addMs(new Date(recent[0]!.created_at), 3_600_000);
        const seconds = Math.max(1, Math.ceil((retryAt.getTime() - t.getTime()) / 1000));
        throw new ApiHttpError(
          429,
          ConsoleErrorCode.VerificationSendLimitExceeded,
          `At most ${R.sendsPerHour} codes per hour; try again in ${Math.ceil(seconds / 60)} min`,
          { headers: { 'retry-after': String(seconds) } },
        );
      }
      const same = recent.filter(
        (r) => r.action === input.target.action && r.ram_user_name === input.target.ramUserName,
      );
      const last = same[same.length - 1];
      if (last) {
        const wait = Date.parse(last.created_at) + R.resendAfterMs - t.getTime();
        if (wait > 0) {
          const seconds = Math.ceil(wait / 1000);
          throw new ApiHttpError(
            429,
            ConsoleErrorCode.VerificationResendTooSoon,
            `Wait ${seconds} s before requesting another code`,
            { headers: { 'retry-after': String(seconds) } },
          );
        }
      }

      const id = randomUUID();
      const code = sixDigitCode();
      const expiresAt = addMs(t, R.codeTtlMs);
      await db.transaction().execute(async (trx) => {
        // A new code replaces any earlier pending one for the same action and target.
        await trx
          .updateTable('verifications')
          .set({ state: 'superseded' })
          .where('session_id_hash', '=', input.sessionIdHash)
          .where('action', '=', input.target.action)
          .where((eb) =>
            input.target.ramUserName === null
              ? eb('ram_user_name', 'is', null)
              : eb('ram_user_name', '=', input.target.ramUserName),
          )
          .where('state', 'is', null)
          .execute();
        await trx
          .insertInto('verifications')
          .values({
            id,
            session_id_hash: input.sessionIdHash,
            operator_username: input.operator,
            action: input.target.action,
            ram_user_name: input.target.ramUserName,
            phone: input.phone,
            code_hash: codeHash(id, code),
            attempts: 0,
            created_at: iso(t),
            expires_at: iso(expiresAt),
            state: null,
            ticket_hash: null,
            ticket_expires_at: null,
            ticket_used_at: null,
          })
          .execute();
      });
      try {
        await sms.send(input.phone, code);
      } catch (err) {
        // A code that never left does not count against the hourly limit.
        await db.deleteFrom('verifications').where('id', '=', id).execute();
        throw err;
      }
      return {
        verificationId: id,
        maskedPhone: maskPhone(input.phone),
        expiresAt: iso(expiresAt),
        resendAfterSeconds: R.resendAfterMs / 1000,
      };
    },

    async confirm(input: {
      sessionIdHash: string;
      verificationId: string;
      code: string;
    }): Promise<{ ticket: string; expiresAt: string; target: Target }> {
      const row = await db
        .selectFrom('verifications')
        .selectAll()
        .where('id', '=', input.verificationId)
        .executeTakeFirst();
      if (!row || row.session_id_hash !== input.sessionIdHash) {
        throw new ApiHttpError(
          404,
          ConsoleErrorCode.NotFound,
          'No such verification; send a new code',
        );
      }
      const target: Target = {
        action: row.action as VerifiedAction,
        ramUserName: row.ram_user_name,
      };
      const t = now();
      if (row.state === 'burned') {
        throw new ApiHttpError(
          429,
          ConsoleErrorCode.VerificationAttemptsExceeded,
          'Too many wrong codes; send a new code',
        );
      }
      if (row.state !== null || Date.parse(row.expires_at) <= t.getTime()) {
        throw new ApiHttpError(
          410,
          ConsoleErrorCode.VerificationExpired,
          row.state === 'superseded'
            ? 'A newer code was sent; enter that one'
            : row.state === 'confirmed'
              ? 'This code was already used; send a new code'
              : 'The code has expired; send a new code',
        );
      }
      if (codeHash(row.id, input.code) !== row.code_hash) {
        const attempts = row.attempts + 1;
        const burned = attempts >= R.maxAttempts;
        await db
          .updateTable('verifications')
          .set({ attempts, state: burned ? 'burned' : null })
          .where('id', '=', row.id)
          .where('state', 'is', null)
          .execute();
        if (burned) {
          throw new ApiHttpError(
            429,
            ConsoleErrorCode.VerificationAttemptsExceeded,
            'Too many wrong codes; send a new code',
          );
        }
        const left = R.maxAttempts - attempts;
        throw new ApiHttpError(
          400,
          ConsoleErrorCode.VerificationCodeInvalid,
          `The code is not correct; ${left} ${left === 1 ? 'try' : 'tries'} left`,
        );
      }
      const ticket = randomToken();
      const expiresAt = addMs(t, R.ticketTtlMs);
      const updated = await db
        .updateTable('verifications')
        .set({
          state: 'confirmed',
          ticket_hash: sha256(ticket),
          ticket_expires_at: iso(expiresAt),
        })
        .where('id', '=', row.id)
        .where('state', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) {
        throw new ApiHttpError(
          410,
          ConsoleErrorCode.VerificationExpired,
          'This code was already used',
        );
      }
      return { ticket, expiresAt: iso(expiresAt), target };
    },

    /**
     * Spend a ticket: true only for an unused, unexpired ticket of this session, action and
     * target. The single conditional UPDATE makes the "single use" race-free.
     */
    async consumeTicket(
      input: {
        ticket: string | undefined;
        sessionIdHash: string;
        target: Target;
      },
      exec: Executor = db,
    ): Promise<boolean> {
      if (!input.ticket || input.ticket.length > 128) return false;
      const t = iso(now());
      const r = await exec
        .updateTable('verifications')
        .set({ ticket_used_at: t })
        .where('ticket_hash', '=', sha256(input.ticket))
        .where('session_id_hash', '=', input.sessionIdHash)
        .where('action', '=', input.target.action)
        .where((eb) =>
          input.target.ramUserName === null
            ? eb('ram_user_name', 'is', null)
            : eb('ram_user_name', '=', input.target.ramUserName),
        )
        .where('ticket_used_at', 'is', null)
        .where('ticket_expires_at', '>', t)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}

export type VerificationService = ReturnType<typeof createVerificationService>;
