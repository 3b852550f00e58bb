import type { AuditEvent, ListAuditEventsQuery } from '@ram-console/contracts';
import type { Db, Executor } from '../../db/index.js';
import { iso, type Clock } from '../../lib/clock.js';

export interface AuditEntry {
  operator: string | null;
  action: string;
  ramUserName?: string | null | undefined;
  accessKeyId?: string | null | undefined;
  outcome: 'success' | 'failure';
  errorCode?: string | null | undefined;
  requestId: string;
  ramRequestId?: string | null | undefined;
  ip?: string | null | undefined;
}

/** The audit trail: one row per sensitive action and per sign-in, success or failure. */
export function createAuditService(db: Db, now: Clock) {
  return {
    /** Pass `trx` to write the row in the same transaction as the decision it records. */
    async record(entry: AuditEntry, trx: Executor = db): Promise<void> {
      await trx
        .insertInto('audit_events')
        .values({
          time: iso(now()),
          operator: entry.operator,
          action: entry.action,
          ram_user_name: entry.ramUserName ?? null,
          access_key_id: entry.accessKeyId ?? null,
          outcome: entry.outcome,
          error_code: entry.errorCode ?? null,
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
          action: r.action,
          ramUserName: r.ram_user_name,
          accessKeyId: r.access_key_id,
          outcome: r.outcome,
          errorCode: r.error_code,
          requestId: r.request_id,
          ramRequestId: r.ram_request_id,
          ip: r.ip,
        })),
        nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
