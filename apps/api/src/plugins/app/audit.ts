import type {
  AuditAction,
  AuditEvent,
  AuditVerification,
  ListAuditEventsQuery,
} from '@ram-console/contracts';
import type { Db, Executor } from '../../db/index.js';
import { ApiHttpError } from '../../errors.js';
import { iso, type Clock } from '../../lib/clock.js';

export interface AuditEntry {
  operator: string | null;
  action: AuditAction;
  /** Operator actions: the operator acted upon. */
  targetOperator?: string | null | undefined;
  ramUserName?: string | null | undefined;
  accessKeyId?: string | null | undefined;
  outcome: 'success' | 'failure';
  errorCode?: string | null | undefined;
  /** Verified actions: a ticket, or the session's step-up window. */
  verification?: AuditVerification | null | undefined;
  requestId: string;
  ramRequestId?: string | null | undefined;
  ip?: string | null | undefined;
}

/** Writes the success row inside the caller's transaction (with what only the work knows). */
export type RecordSuccess = (
  trx: Executor,
  more?: Pick<AuditEntry, 'verification' | 'accessKeyId' | 'ramRequestId'>,
) => Promise<void>;

/** The audit trail: one row per sensitive action and per sign-in, success or failure. */
export function createAuditService(db: Db, now: Clock) {
  /** Errors whose failure row was written together with the decision itself. */
  const alreadyAudited = new WeakSet<object>();

  const service = {
    /** The failure row of `err` is written (in the transaction that refused): run() skips it. */
    markAudited<E extends object>(err: E): E {
      alreadyAudited.add(err);
      return err;
    },

    /** The failure row of `err`, unless it was written with the refusal itself. */
    async recordFailure(
      err: unknown,
      entry: Omit<AuditEntry, 'outcome'>,
      trx: Executor = db,
    ): Promise<void> {
      if (alreadyAudited.has(err as object)) return;
      await service.record({ ...entry, outcome: 'failure' }, trx);
    },

    /**
     * One audited unit of work: `work` gets `within(trx)`, which writes the success row in the
     * work's own transaction; if the work throws, one failure row with the error code is written
     * after (unless that refusal was audited already).
     */
    async run<T>(
      entry: Omit<AuditEntry, 'outcome' | 'errorCode'>,
      work: (within: RecordSuccess) => Promise<T>,
    ): Promise<T> {
      try {
        return await work((trx, more) =>
          service.record({ ...entry, ...more, outcome: 'success' }, trx),
        );
      } catch (err) {
        await service.recordFailure(err, {
          ...entry,
          errorCode: err instanceof ApiHttpError ? err.code : 'InternalError',
        });
        throw err;
      }
    },

    /** Pass `trx` to write the row in the same transaction as the decision it records. */
    async record(entry: AuditEntry, trx: Executor = db): Promise<void> {
      await trx
        .insertInto('audit_events')
        .values({
          time: iso(now()),
          operator: entry.operator,
          action: entry.action,
          target_operator: entry.targetOperator ?? null,
          ram_user_name: entry.ramUserName ?? null,
          access_key_id: entry.accessKeyId ?? null,
          outcome: entry.outcome,
          error_code: entry.errorCode ?? null,
          verification: entry.verification ?? null,
          request_id: entry.requestId,
          ram_request_id: entry.ramRequestId ?? null,
          ip: entry.ip ?? null,
        })
        .execute();
    },

    /** Newest first; the cursor is the last id seen. */
    async list(
      q: ListAuditEventsQuery,
      maxLimit = 500,
    ): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
      const limit = Math.min(q.limit ?? 50, maxLimit);
      let query = db.selectFrom('audit_events').selectAll();
      if (q.operator) query = query.where('operator', '=', q.operator);
      if (q.action) query = query.where('action', '=', q.action);
      if (q.targetOperator) query = query.where('target_operator', '=', q.targetOperator);
      if (q.ramUserName) query = query.where('ram_user_name', '=', q.ramUserName);
      if (q.outcome) query = query.where('outcome', '=', q.outcome);
      if (q.from) query = query.where('time', '>=', new Date(q.from).toISOString());
      if (q.to) query = query.where('time', '<=', new Date(q.to).toISOString());
      if (q.cursor && /^\d+$/.test(q.cursor)) query = query.where('id', '<', Number(q.cursor));
      const rows = await query
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      return {
        events: page.map((r) => ({
          id: r.id,
          time: r.time,
          operator: r.operator,
          action: r.action as AuditAction,
          targetOperator: r.target_operator,
          ramUserName: r.ram_user_name,
          accessKeyId: r.access_key_id,
          outcome: r.outcome,
          errorCode: r.error_code,
          verification: r.verification as AuditVerification | null,
          requestId: r.request_id,
          ramRequestId: r.ram_request_id,
          ip: r.ip,
        })),
        nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
      };
    },
  };
  return service;
}

export type AuditService = ReturnType<typeof createAuditService>;
