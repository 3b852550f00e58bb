import { randomUUID } from 'node:crypto';
import {
  ConsoleErrorCode,
  STEP_UP_ACTIONS,
  type AuditVerification,
  type StartVerificationResponse,
  type VerifiedAction,
} from '@ram-console/contracts';
import { sql } from 'kysely';
import type { Db, Executor } from '../../db/index.js';
import type { VerificationTable } from '../../db/schema.js';
import { ConsoleError, verificationRequired } from '../../errors.js';
import { addMs, iso, type Clock } from '../../lib/clock.js';
import {
  codeMac,
  codeMatches,
  maskPhone,
  randomToken,
  sha256,
  sixDigitCode,
} from '../../lib/crypto.js';
import type { AuditEntry, AuditService } from './audit.js';
import type { SmsSender } from './sms.js';

export const VERIFICATION_RULES = {
  codeTtlMs: 5 * 60_000,
  resendAfterMs: 60_000,
  maxAttempts: 5,
  sendsPerHour: 5,
  ticketTtlMs: 5 * 60_000,
} as const;

/**
 * The `action` of a code sent to an operator's NEW phone number: confirming it changes the phone
 * (POST /api/operators/:username/phone-change/:id/confirm); it never yields a ticket.
 */
export const NEW_PHONE_ACTION = 'ConfirmNewPhone';

export interface Target {
  action: VerifiedAction;
  /** RAM-user actions; null = the account's own keys (or an operator action). */
  ramUserName: string | null;
  /** Operator actions: the operator acted upon. */
  targetOperator: string | null;
  /**
   * Key actions: the AccessKey. At start, binds the ticket to it (omitted: any key of the
   * owner); at spend, the key acted upon, which a bound ticket must name.
   */
  accessKeyId?: string | null;
}

type VerificationRow = VerificationTable;

/**
 * Phone verification: a 6-digit code by SMS, confirmed for a ticket that is bound to
 * (session, action, target RAM user or target operator), single use and short-lived; or, with
 * STEP_UP_WINDOW_MINUTES, a window in which the session may perform the step-up actions.
 *
 * Every counter changes in one atomic statement or inside a transaction that takes its write lock
 * first, so parallel requests (and, on PostgreSQL, several instances) cannot out-race the limits.
 */
/**
 * After a phone or password change: the codes sent to the operator's old phone, their unspent
 * tickets and pending new-number codes for them stop working.
 */
export async function supersedeCodesFor(exec: Executor, operatorUsername: string, at: Date) {
  const t = iso(at);
  await exec
    .updateTable('verifications')
    .set({ state: 'superseded' })
    .where('state', 'is', null)
    .where((eb) =>
      eb.or([
        eb('operator_username', '=', operatorUsername),
        eb.and([eb('action', '=', NEW_PHONE_ACTION), eb('target_operator', '=', operatorUsername)]),
      ]),
    )
    .execute();
  await exec
    .updateTable('verifications')
    .set({ ticket_expires_at: t })
    .where('operator_username', '=', operatorUsername)
    .where('ticket_used_at', 'is', null)
    .where('ticket_expires_at', '>', t)
    .execute();
}

export function createVerificationService(deps: {
  db: Db;
  now: Clock;
  sms: SmsSender;
  /** The server key codes are MACed with (not in the database). */
  codeKey: Buffer;
  /** 0 = single-use tickets only. */
  stepUpWindowMinutes: number;
  audit: AuditService;
}) {
  const { db, now, sms, codeKey, audit } = deps;
  const R = VERIFICATION_RULES;

  const sameTarget = (ramUserName: string | null, targetOperator: string | null) => ({
    ramUserName,
    targetOperator,
  });

  /**
   * Sends a code: the per-operator hourly limit and the per-target resend delay are checked and
   * the new row inserted in one transaction that starts by writing the operator's row. That first
   * write takes the lock: SQLite's single writer (the transaction becomes the writer at its first
   * statement, before it has read anything, so a second instance waits on busy_timeout instead of
   * failing on a stale snapshot) and, on PostgreSQL, the operator row's lock, which serialises
   * senders of one operator until commit (READ COMMITTED then sees the other's insert).
   */
  async function sendCode(input: {
    sessionIdHash: string;
    /** The operator who asked (whose hourly budget it uses). */
    operator: string;
    /** Where the code goes. */
    phone: string;
    action: string;
    ramUserName: string | null;
    targetOperator: string | null;
    accessKeyId?: string | null;
  }): Promise<StartVerificationResponse> {
    const t = now();
    const id = randomUUID();
    const code = sixDigitCode();
    const expiresAt = addMs(t, R.codeTtlMs);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('operators')
        .set({ updated_at: sql`updated_at` })
        .where('username', '=', input.operator)
        .execute();
      const recent = await trx
        .selectFrom('verifications')
        .select(['created_at', 'action', 'ram_user_name', 'target_operator'])
        .where('operator_username', '=', input.operator)
        .where('created_at', '>', iso(addMs(t, -3_600_000)))
        .orderBy('created_at', 'asc')
        .execute();
      if (recent.length >= R.sendsPerHour) {
        const retryAt = addMs(new Date(recent[0]!.created_at), 3_600_000);
        const retryAfterSeconds = Math.max(1, Math.ceil((retryAt.getTime() - t.getTime()) / 1000));
        throw new ConsoleError(
          ConsoleErrorCode.VerificationSendLimitExceeded,
          `At most ${R.sendsPerHour} codes per hour; try again in ${Math.ceil(retryAfterSeconds / 60)} min`,
          { retryAfterSeconds, limit: R.sendsPerHour },
        );
      }
      const last = recent
        .filter(
          (r) =>
            r.action === input.action &&
            r.ram_user_name === input.ramUserName &&
            r.target_operator === input.targetOperator,
        )
        .at(-1);
      if (last) {
        const wait = Date.parse(last.created_at) + R.resendAfterMs - t.getTime();
        if (wait > 0) {
          const retryAfterSeconds = Math.ceil(wait / 1000);
          throw new ConsoleError(
            ConsoleErrorCode.VerificationResendTooSoon,
            `Wait ${retryAfterSeconds} s before requesting another code`,
            { retryAfterSeconds },
          );
        }
      }
      // A new code replaces any earlier pending one of this session for the same action and target.
      await trx
        .updateTable('verifications')
        .set({ state: 'superseded' })
        .where('session_id_hash', '=', input.sessionIdHash)
        .where('action', '=', input.action)
        .where((eb) =>
          input.ramUserName === null
            ? eb('ram_user_name', 'is', null)
            : eb('ram_user_name', '=', input.ramUserName),
        )
        .where((eb) =>
          input.targetOperator === null
            ? eb('target_operator', 'is', null)
            : eb('target_operator', '=', input.targetOperator),
        )
        .where('state', 'is', null)
        .execute();
      await trx
        .insertInto('verifications')
        .values({
          id,
          session_id_hash: input.sessionIdHash,
          operator_username: input.operator,
          action: input.action,
          ram_user_name: input.ramUserName,
          target_operator: input.targetOperator,
          access_key_id: input.accessKeyId ?? null,
          phone: input.phone,
          code_hash: codeMac(codeKey, id, code),
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
  }

  /** Why a code cannot be tried (any more): the error to answer with. */
  async function refusal(input: {
    sessionIdHash: string;
    verificationId: string;
    newPhone: boolean;
    targetOperator?: string | undefined;
  }): Promise<ConsoleError> {
    const row = await db
      .selectFrom('verifications')
      .select(['session_id_hash', 'action', 'target_operator', 'state', 'attempts', 'expires_at'])
      .where('id', '=', input.verificationId)
      .executeTakeFirst();
    if (
      !row ||
      row.session_id_hash !== input.sessionIdHash ||
      (row.action === NEW_PHONE_ACTION) !== input.newPhone ||
      (input.targetOperator !== undefined && row.target_operator !== input.targetOperator)
    ) {
      return new ConsoleError(ConsoleErrorCode.NotFound, 'No such verification; send a new code');
    }
    if (row.state === 'burned' || (row.state === null && row.attempts >= R.maxAttempts)) {
      return new ConsoleError(
        ConsoleErrorCode.VerificationAttemptsExceeded,
        'Too many wrong codes; send a new code',
      );
    }
    const reason =
      row.state === 'superseded' ? 'superseded' : row.state === 'confirmed' ? 'used' : 'expired';
    return new ConsoleError(
      ConsoleErrorCode.VerificationExpired,
      reason === 'superseded'
        ? 'A newer code was sent (or the phone was changed); enter the newest code'
        : reason === 'used'
          ? 'This code was already used; send a new code'
          : 'The code has expired; send a new code',
      { reason },
    );
  }

  /**
   * One try of a code. The try is counted before the code is compared, by one conditional
   * `UPDATE … SET attempts = attempts + 1 … RETURNING` that succeeds only while fewer than
   * `maxAttempts` tries were made: however many tries arrive at once, at most five are compared.
   */
  async function tryCode(input: {
    sessionIdHash: string;
    verificationId: string;
    code: string;
    newPhone: boolean;
    /** New-number codes: the operator the change is for (another's code is not tried). */
    targetOperator?: string | undefined;
  }): Promise<VerificationRow> {
    const t = iso(now());
    const { targetOperator } = input;
    const row = await db
      .updateTable('verifications')
      .set({ attempts: sql`attempts + 1` })
      .where('id', '=', input.verificationId)
      .where('session_id_hash', '=', input.sessionIdHash)
      .where('action', input.newPhone ? '=' : '!=', NEW_PHONE_ACTION)
      .$if(targetOperator !== undefined, (q) => q.where('target_operator', '=', targetOperator!))
      .where('state', 'is', null)
      .where('attempts', '<', R.maxAttempts)
      .where('expires_at', '>', t)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw await refusal(input);
    if (!codeMatches(codeKey, row.id, input.code, row.code_hash)) {
      const attemptsLeft = R.maxAttempts - row.attempts;
      if (attemptsLeft <= 0) {
        await db
          .updateTable('verifications')
          .set({ state: 'burned' })
          .where('id', '=', row.id)
          .where('state', 'is', null)
          .execute();
        throw new ConsoleError(
          ConsoleErrorCode.VerificationAttemptsExceeded,
          'Too many wrong codes; send a new code',
        );
      }
      throw new ConsoleError(
        ConsoleErrorCode.VerificationCodeInvalid,
        `The code is not correct; ${attemptsLeft} ${attemptsLeft === 1 ? 'try' : 'tries'} left`,
        { attemptsLeft },
      );
    }
    return row;
  }

  async function consumeTicket(
    input: { ticket: string | undefined; sessionIdHash: string; target: Target },
    exec: Executor = db,
  ): Promise<AuditVerification | null> {
    const t = iso(now());
    if (!input.ticket) {
      if (deps.stepUpWindowMinutes <= 0 || !STEP_UP_ACTIONS.has(input.target.action)) {
        return null;
      }
      const open = await exec
        .selectFrom('sessions')
        .select('id_hash')
        .where('id_hash', '=', input.sessionIdHash)
        .where('step_up_until', '>', t)
        .executeTakeFirst();
      return open ? 'step-up' : null;
    }
    if (input.ticket.length > 128) return null;
    const { ramUserName, targetOperator } = input.target;
    const accessKeyId = input.target.accessKeyId ?? null;
    const r = await exec
      .updateTable('verifications')
      .set({ ticket_used_at: t })
      .where('ticket_hash', '=', sha256(input.ticket))
      .where('session_id_hash', '=', input.sessionIdHash)
      .where('action', '=', input.target.action)
      .where((eb) =>
        ramUserName === null
          ? eb('ram_user_name', 'is', null)
          : eb('ram_user_name', '=', ramUserName),
      )
      .where((eb) =>
        targetOperator === null
          ? eb('target_operator', 'is', null)
          : eb('target_operator', '=', targetOperator),
      )
      // A ticket bound to a key serves that key only; an unbound one, any key of the owner.
      .where((eb) =>
        accessKeyId === null
          ? eb('access_key_id', 'is', null)
          : eb.or([eb('access_key_id', 'is', null), eb('access_key_id', '=', accessKeyId)]),
      )
      .where('ticket_used_at', 'is', null)
      .where('ticket_expires_at', '>', t)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1 ? 'ticket' : null;
  }

  const usedError = () =>
    new ConsoleError(ConsoleErrorCode.VerificationExpired, 'This code was already used', {
      reason: 'used',
    });

  return {
    stepUpWindowMinutes: deps.stepUpWindowMinutes,

    async start(input: {
      sessionIdHash: string;
      operator: string;
      phone: string;
      target: Target;
    }): Promise<StartVerificationResponse> {
      return sendCode({
        sessionIdHash: input.sessionIdHash,
        operator: input.operator,
        phone: input.phone,
        action: input.target.action,
        ...sameTarget(input.target.ramUserName, input.target.targetOperator),
        accessKeyId: input.target.accessKeyId ?? null,
      });
    },

    async confirm(input: {
      sessionIdHash: string;
      verificationId: string;
      code: string;
    }): Promise<{ ticket: string; expiresAt: string; stepUpUntil: string | null; target: Target }> {
      const row = await tryCode({ ...input, newPhone: false });
      const t = now();
      const ticket = randomToken();
      const expiresAt = addMs(t, R.ticketTtlMs);
      const stepUpUntil =
        deps.stepUpWindowMinutes > 0 ? addMs(t, deps.stepUpWindowMinutes * 60_000) : null;
      await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('verifications')
          .set({
            state: 'confirmed',
            ticket_hash: sha256(ticket),
            ticket_expires_at: iso(expiresAt),
          })
          .where('id', '=', row.id)
          .where('state', 'is', null)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw usedError();
        if (stepUpUntil) {
          await trx
            .updateTable('sessions')
            .set({ step_up_until: iso(stepUpUntil) })
            .where('id_hash', '=', input.sessionIdHash)
            .execute();
        }
      });
      return {
        ticket,
        expiresAt: iso(expiresAt),
        stepUpUntil: stepUpUntil ? iso(stepUpUntil) : null,
        target: {
          action: row.action as VerifiedAction,
          ramUserName: row.ram_user_name,
          targetOperator: row.target_operator,
          accessKeyId: row.access_key_id,
        },
      };
    },

    /**
     * Spend a ticket: 'ticket' only for an unused, unexpired ticket of this session, action and
     * target (the single conditional UPDATE makes "single use" race-free). Without a ticket, a
     * step-up action passes as 'step-up' while the session's window is open. null: refused.
     */
    consumeTicket,

    /**
     * Spend the ticket (or use the step-up window), or refuse: a refusal and its audit row are one
     * transaction, so the decision is never without its record (and the error is marked audited
     * for `audit.run`). Returns how the action was verified, for its success row.
     */
    async requireVerified(
      input: { ticket: string | undefined; sessionIdHash: string; target: Target },
      refusal: Omit<AuditEntry, 'outcome' | 'errorCode'>,
      /** Runs in the spending transaction when the action may go ahead (a pending-action row). */
      onVerified?: (trx: Executor, verdict: AuditVerification) => Promise<void>,
    ): Promise<AuditVerification> {
      const err = verificationRequired(input.ticket ? 'invalid' : 'missing');
      // Throwing inside the callback would roll the audit row back: decide, commit, then throw.
      const verdict = await db.transaction().execute(async (trx) => {
        const v = await consumeTicket(input, trx);
        if (!v) {
          await audit.record({ ...refusal, outcome: 'failure', errorCode: err.code }, trx);
        } else {
          await onVerified?.(trx, v);
        }
        return v;
      });
      if (!verdict) throw audit.markAudited(err);
      return verdict;
    },

    /** Sends a code to an operator's new number (the acting operator's hourly budget). */
    async startNewPhone(input: {
      sessionIdHash: string;
      operator: string;
      targetOperator: string;
      newPhone: string;
    }): Promise<StartVerificationResponse> {
      return sendCode({
        sessionIdHash: input.sessionIdHash,
        operator: input.operator,
        phone: input.newPhone,
        action: NEW_PHONE_ACTION,
        ramUserName: null,
        targetOperator: input.targetOperator,
      });
    },

    /**
     * Checks the new number's code (the same five tries) and returns the pending change; the
     * caller commits it with `markNewPhoneConfirmed` in its own transaction.
     */
    async tryNewPhoneCode(input: {
      sessionIdHash: string;
      verificationId: string;
      code: string;
      /** The operator the change must be for: a code for another is refused untried (404). */
      targetOperator: string;
    }): Promise<{ id: string; targetOperator: string; newPhone: string }> {
      const row = await tryCode({ ...input, newPhone: true });
      return { id: row.id, targetOperator: row.target_operator!, newPhone: row.phone };
    },

    /** The single winner of a confirmation; throws VerificationExpired(used) for the others. */
    async markNewPhoneConfirmed(id: string, exec: Executor): Promise<void> {
      const r = await exec
        .updateTable('verifications')
        .set({ state: 'confirmed' })
        .where('id', '=', id)
        .where('state', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw usedError();
    },

    /** See supersedeCodesFor (also used by the operator CLI, which has no verification service). */
    supersedeFor: (operatorUsername: string, exec: Executor = db) =>
      supersedeCodesFor(exec, operatorUsername, now()),
  };
}

export type VerificationService = ReturnType<typeof createVerificationService>;
