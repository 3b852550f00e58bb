import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { postgresUrlOf, type Db } from '../../db/index.js';
import type { RamUserRecord } from './ram-gateway.js';

/** Changes one instance makes that the others' in-memory copies must apply. */
export type ChangeEvent =
  { kind: 'user-added'; user: RamUserRecord } | { kind: 'user-removed'; userName: string };

export interface ChangeFeed {
  /** Tell the other instances (this one has applied the change itself). */
  publish(event: ChangeEvent): Promise<void>;
  /**
   * `onEvent` for each change another instance published; `onResync` after the feed was cut and
   * is back (changes published meanwhile were lost: read everything again).
   */
  subscribe(onEvent: (event: ChangeEvent) => void, onResync?: () => void): void;
  close(): Promise<void>;
}

export const CHANGE_CHANNEL = 'ram_console_changes';
/** Names the listening connection in pg_stat_activity (tests cut it to prove the resync). */
export const LISTENER_APPLICATION_NAME = 'ram-console-listen';

/**
 * PostgreSQL: NOTIFY through the pool, LISTEN on a dedicated connection that reconnects with a
 * backoff and then asks subscribers to resync. Delivery takes milliseconds, so another instance
 * sees a change well within a second. SQLite: one instance, nothing to tell anyone.
 */
export function createChangeFeed(db: Db, log: FastifyBaseLogger): ChangeFeed {
  const url = postgresUrlOf(db);
  if (!url) {
    return { publish: async () => undefined, subscribe: () => undefined, close: async () => {} };
  }
  const instanceId = randomUUID();
  const subscribers: { onEvent: (e: ChangeEvent) => void; onResync?: (() => void) | undefined }[] =
    [];
  let client: pg.Client | null = null;
  let closed = false;
  /** A connection was lost (or never made): what was published meanwhile never arrived. */
  let missedSome = false;
  let retryMs = 250;
  let retryTimer: NodeJS.Timeout | undefined;

  function dispatch(payload: string | undefined): void {
    let message: { from?: string; event?: ChangeEvent };
    try {
      message = JSON.parse(payload ?? '');
    } catch {
      return;
    }
    if (message.from === instanceId || !message.event) return;
    for (const s of subscribers) s.onEvent(message.event);
  }

  async function connect(): Promise<void> {
    if (closed) return;
    const c = new pg.Client({
      connectionString: url!,
      application_name: LISTENER_APPLICATION_NAME,
    });
    const lost = (err?: Error) => {
      if (client !== c) return;
      client = null;
      c.removeAllListeners();
      c.on('error', () => undefined);
      c.end().catch(() => undefined);
      if (closed) return;
      missedSome = true;
      log.warn({ err }, 'change feed: PostgreSQL LISTEN connection lost; reconnecting');
      schedule();
    };
    client = c;
    c.on('notification', (n) => dispatch(n.payload));
    c.on('error', lost);
    c.on('end', () => lost());
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (err) {
      lost(err as Error);
      return;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    retryMs = 250;
    if (missedSome) {
      missedSome = false;
      log.info('change feed: listening again; resyncing');
      for (const s of subscribers) s.onResync?.();
    }
  }

  function schedule(): void {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void connect(), retryMs);
    retryMs = Math.min(retryMs * 2, 5_000);
  }

  void connect();

  return {
    async publish(event) {
      const payload = JSON.stringify({ from: instanceId, event });
      await sql`select pg_notify(${CHANGE_CHANNEL}, ${payload})`.execute(db);
    },
    subscribe(onEvent, onResync) {
      subscribers.push({ onEvent, onResync });
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
