import { randomUUID } from 'node:crypto';
import { ConsoleErrorCode, type AuditAction } from '@ram-console/contracts';
import type { Db, Executor } from '../../db/index.js';
import type { PendingActionTable } from '../../db/schema.js';
import { iso } from '../../lib/clock.js';
import type { AuditService } from './audit.js';
import type { RamGateway } from './ram-gateway.js';

/** How often an instance says it is alive and looks for the unfinished actions of dead ones. */
export const HEARTBEAT_MS = 2_000;
/** An instance not seen for this long is gone (kill -9, lost machine). */
export const GONE_AFTER_MS = 6_000;
/** No request runs this long (SDK timeouts, drain): a row older than this is abandoned anyway. */
export const ABANDONED_AFTER_MS = 10 * 60_000;

export interface PendingAction {
  operator: string;
  action: AuditAction;
  ramUserName: string | null;
  accessKeyId: string | null;
  verification: string | null;
  requestId: string;
  ip: string | null;
}

/**
 * A verified RAM change is recorded as pending in the transaction that spends its ticket, and the
 * pending row is removed in the transaction that writes its audit row: whatever stops the process
 * in between (kill -9, a lost machine, the drain's force exit), the attempt is never lost. Each
 * instance beats every 2 s; any instance finishes the pending rows of an instance that stopped
 * beating (one claims each row by deleting it): an audit row with the outcome unknown, and for a
 * create the keys RAM has that no audit row names (the orphan, whose secret nobody saw).
 *
 * Heartbeats and pending rows use the real time (instances agree on it, RAM's CreateDate is
 * compared with it, and a test clock moved forward must not make a live instance look dead);
 * audit rows use the console's clock as usual.
 */
export function createPendingActions(deps: {
  db: Db;
  audit: AuditService;
  ram: RamGateway;
  log: { warn(obj: object, msg: string): void };
}) {
  const { db, audit } = deps;
  const instanceId = randomUUID();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const realNow = () => new Date();

  async function beat(): Promise<void> {
    const t = iso(realNow());
    await db
      .insertInto('console_instances')
      .values({ id: instanceId, started_at: t, seen_at: t })
      .onConflict((oc) => oc.column('id').doUpdateSet({ seen_at: t }))
      .execute();
  }

  /** Keys of `userName` in RAM created since the attempt began that no audit row names. */
  async function orphansOf(row: PendingActionTable): Promise<string[]> {
    const keys = await deps.ram.listAccessKeys(row.ram_user_name);
    // RAM's CreateDate has whole seconds and RAM's clock is not ours: a minute of slack.
    const since = Date.parse(row.started_at) - 60_000;
    const fresh = keys.value
      .filter((k) => !k.createDate || Date.parse(k.createDate) >= since)
      .map((k) => k.accessKeyId);
    if (fresh.length === 0) return [];
    const named = await db
      .selectFrom('audit_events')
      .select('access_key_id')
      .where('access_key_id', 'in', fresh)
      .execute();
    const known = new Set(named.map((r) => r.access_key_id));
    return fresh.filter((id) => !known.has(id));
  }

  /** Finishes one claimed row of a gone instance: its audit row, outcome unknown. */
  async function finish(row: PendingActionTable): Promise<void> {
    let orphans: string[] | null = null;
    if (row.action === 'CreateAccessKey') {
      try {
        orphans = await orphansOf(row);
      } catch (err) {
        deps.log.warn(
          { err, pendingAction: row.id },
          'could not list keys for an unfinished create',
        );
      }
    }
    await audit.record({
      operator: row.operator,
      action: row.action as AuditAction,
      ramUserName: row.ram_user_name,
      accessKeyId: orphans?.length ? orphans.join(',') : row.access_key_id,
      outcome: 'failure',
      errorCode:
        row.action === 'CreateAccessKey'
          ? ConsoleErrorCode.CreateOutcomeUnknown
          : ConsoleErrorCode.InternalError,
      verification: row.verification as 'ticket' | 'step-up' | null,
      requestId: row.request_id,
      ip: row.ip,
    });
  }

  const service = {
    instanceId,

    /** In the transaction that spends the ticket. Returns the row's id for `done`. */
    async begin(entry: PendingAction, trx: Executor): Promise<string> {
      const id = randomUUID();
      await trx
        .insertInto('pending_actions')
        .values({
          id,
          instance_id: instanceId,
          operator: entry.operator,
          action: entry.action,
          ram_user_name: entry.ramUserName,
          access_key_id: entry.accessKeyId,
          verification: entry.verification,
          request_id: entry.requestId,
          ip: entry.ip,
          started_at: iso(realNow()),
        })
        .execute();
      return id;
    },

    /** In the transaction that writes the action's audit row. */
    async done(id: string, trx: Executor): Promise<void> {
      await trx.deleteFrom('pending_actions').where('id', '=', id).execute();
    },

    /** Claims and finishes the pending rows of instances that stopped beating. */
    async sweep(): Promise<number> {
      const t = realNow().getTime();
      const goneBefore = iso(new Date(t - GONE_AFTER_MS));
      const rows = await db
        .selectFrom('pending_actions')
        .leftJoin('console_instances', 'console_instances.id', 'pending_actions.instance_id')
        .select('pending_actions.id')
        .where('pending_actions.instance_id', '!=', instanceId)
        .where((eb) =>
          eb.or([
            eb('console_instances.id', 'is', null),
            eb('console_instances.seen_at', '<', goneBefore),
          ]),
        )
        .union(
          db
            .selectFrom('pending_actions')
            .select('id')
            .where('started_at', '<', iso(new Date(t - ABANDONED_AFTER_MS))),
        )
        .execute();
      let finished = 0;
      for (const { id } of rows) {
        const claimed = await db
          .deleteFrom('pending_actions')
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (!claimed) continue; // another instance took it
        await finish(claimed);
        finished++;
      }
      // Instances gone for a day are forgotten.
      await db
        .deleteFrom('console_instances')
        .where('seen_at', '<', iso(new Date(t - 86_400_000)))
        .execute();
      return finished;
    },

    /** Heartbeat and sweep every HEARTBEAT_MS until stop(). */
    start(): void {
      const tick = () => {
        running = (async () => {
          try {
            await beat();
            await service.sweep();
          } catch (err) {
            deps.log.warn({ err }, 'heartbeat or pending-action sweep failed');
          }
        })();
        void running.then(() => {
          if (timer) timer = setTimeout(tick, HEARTBEAT_MS).unref();
        });
      };
      timer = setTimeout(tick, 0).unref();
    },

    /** Stops beating (the row stays: other instances treat it as gone once it is stale). */
    async stop(): Promise<void> {
      const t = timer;
      timer = undefined;
      if (t) clearTimeout(t);
      await running;
    },
  };
  return service;
}

export type PendingActions = ReturnType<typeof createPendingActions>;
