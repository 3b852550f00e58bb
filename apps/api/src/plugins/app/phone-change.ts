import type { AuditVerification, StartVerificationResponse } from '@ram-console/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/index.js';
import { notFound, validationFailed } from '../../errors.js';
import type { AuditEntry, AuditService } from './audit.js';
import type { OperatorRow, OperatorService } from './operators.js';
import type { SmsSender } from './sms.js';
import type { VerificationService } from './verification.js';

/** Who asks for the change: the session the new number's code is bound to. */
export interface PhoneChangeActor {
  /** The signed-in operator (an admin, or the operator themselves). */
  username: string;
  sessionIdHash: string;
  requestId: string;
  ip: string | null;
}

/**
 * The audit row of a refusal, as `verify` must write it with its decision
 * (see VerificationService.requireVerified).
 */
export type RefusalEntry = Omit<AuditEntry, 'outcome' | 'errorCode'>;

/**
 * Changing an operator's phone, in two steps, usable by any route (the admin's
 * `/api/operators/:username/phone-change`, and a self-service or SSO first-phone flow):
 *
 * 1. `start`: a code goes to the NEW number (the actor's hourly code budget), bound to the actor's
 *    session and to the target operator. The caller's own check (an admin's ticket) runs first as
 *    `verify`. Audited as `RequestOperatorPhoneChange`.
 * 2. `confirm`: the code must come from the same session, for the same target, within the usual
 *    five tries. On the right code, in one transaction: the code is spent (a single winner), the
 *    phone switches, the operator's other sessions end (all but `keepIdHash`), their pending codes
 *    and unspent tickets are superseded, step-up windows close, and the `ChangeOperatorPhone` row
 *    is written. Then the OLD number gets the phone-changed notice (when there was one).
 *
 * Nothing here checks who may change whose phone: the route decides that.
 */
export function createPhoneChangeService(deps: {
  db: Db;
  operators: OperatorService;
  verification: VerificationService;
  sms: SmsSender;
  audit: AuditService;
  log: FastifyBaseLogger;
}) {
  const { db, operators, verification, sms, audit, log } = deps;

  const entryFor = (actor: PhoneChangeActor, action: AuditEntry['action'], target: string) => ({
    operator: actor.username,
    action,
    targetOperator: target,
    requestId: actor.requestId,
    ip: actor.ip,
  });

  return {
    async start(
      input: { actor: PhoneChangeActor; targetOperator: string; newPhone: string },
      verify?: (refusal: RefusalEntry) => Promise<AuditVerification>,
    ): Promise<StartVerificationResponse> {
      const { actor, targetOperator, newPhone } = input;
      const entry = entryFor(actor, 'RequestOperatorPhoneChange', targetOperator);
      return audit.run(entry, async (within) => {
        const target = await operators.get(targetOperator);
        if (!target) throw notFound(`No operator ${targetOperator}`);
        if (target.phone === newPhone) {
          throw validationFailed('phone', 'This is already the operator’s phone');
        }
        const how = verify ? await verify(entry) : null;
        const started = await verification.startNewPhone({
          sessionIdHash: actor.sessionIdHash,
          operator: actor.username,
          targetOperator,
          newPhone,
        });
        await within(db, how ? { verification: how } : {});
        return started;
      });
    },

    async confirm(input: {
      actor: PhoneChangeActor;
      targetOperator: string;
      verificationId: string;
      code: string;
      /** The session that stays signed in (the actor's own when they change their own phone). */
      keepIdHash: string | null;
    }): Promise<OperatorRow> {
      const { actor, targetOperator } = input;
      const entry = entryFor(actor, 'ChangeOperatorPhone', targetOperator);
      const { row, oldPhone } = await audit.run(entry, async (within) => {
        const pending = await verification.tryNewPhoneCode({
          sessionIdHash: actor.sessionIdHash,
          verificationId: input.verificationId,
          code: input.code,
          targetOperator,
        });
        return operators.setPhone(
          targetOperator,
          pending.newPhone,
          input.keepIdHash,
          (trx) => verification.markNewPhoneConfirmed(pending.id, trx),
          (trx) => within(trx),
        );
      });
      if (oldPhone && oldPhone !== row.phone) {
        // The change stands whether or not the notice leaves: the owner of the old number may
        // be the one who should hear of it, but the new phone is already proven.
        await sms.notify(oldPhone, 'phone-changed').catch((err: unknown) => {
          log.error(
            { err, targetOperator, requestId: actor.requestId },
            'the phone-changed notice to the old number was not sent',
          );
        });
      }
      return row;
    },
  };
}

export type PhoneChangeService = ReturnType<typeof createPhoneChangeService>;
