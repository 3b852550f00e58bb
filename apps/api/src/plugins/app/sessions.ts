import type { Db, Executor } from '../../db/index.js';
import type { OperatorRow } from './operators.js';
import type { SessionTable } from '../../db/schema.js';
import { addMs, iso, type Clock } from '../../lib/clock.js';
import { randomToken, sha256 } from '../../lib/crypto.js';

export const SESSION_COOKIE = 'ram_console_session';

export interface ActiveSession {
  idHash: string;
  csrfToken: string;
  operator: OperatorRow;
}

/**
 * Server-side sessions in the database. The cookie holds a random id; the table holds only its
 * SHA-256, so a copied database opens no session. Idle and absolute timeouts are both enforced.
 */
export function createSessionService(
  db: Db,
  now: Clock,
  opts: { idleMinutes: number; absoluteHours: number },
) {
  const idleMs = opts.idleMinutes * 60_000;
  async function purgeExpired(exec: Executor = db): Promise<void> {
    const t = now();
    await exec
      .deleteFrom('sessions')
      .where((eb) =>
        eb.or([eb('expires_at', '<=', iso(t)), eb('last_seen_at', '<=', iso(addMs(t, -idleMs)))]),
      )
      .execute();
  }

  return {
    async create(
      operatorUsername: string,
      ip: string | null,
      exec: Executor = db,
    ): Promise<{ id: string; csrfToken: string }> {
      // Sign-in is rare enough to tidy up ended sessions on the way.
      await purgeExpired(exec);
      const id = randomToken();
      const csrfToken = randomToken();
      const t = now();
      await exec
        .insertInto('sessions')
        .values({
          id_hash: sha256(id),
          operator_username: operatorUsername,
          csrf_token: csrfToken,
          ip,
          created_at: iso(t),
          last_seen_at: iso(t),
          expires_at: iso(addMs(t, opts.absoluteHours * 3_600_000)),
        })
        .execute();
      return { id, csrfToken };
    },

    async resolve(id: string | undefined): Promise<ActiveSession | null> {
      if (!id || id.length > 128) return null;
      const idHash = sha256(id);
      const row = await db
        .selectFrom('sessions')
        .innerJoin('operators', 'operators.username', 'sessions.operator_username')
        .selectAll('operators')
        .select([
          'sessions.id_hash',
          'sessions.csrf_token',
          'sessions.last_seen_at',
          'sessions.expires_at',
        ])
        .where('sessions.id_hash', '=', idHash)
        .executeTakeFirst();
      if (!row) return null;
      const t = now();
      if (isExpired(row, t, idleMs)) {
        await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
        return null;
      }
      // Sliding idle window; write at most every 30 s to keep reads cheap.
      if (t.getTime() - Date.parse(row.last_seen_at) > 30_000) {
        await db
          .updateTable('sessions')
          .set({ last_seen_at: iso(t) })
          .where('id_hash', '=', idHash)
          .execute();
      }
      const { id_hash, csrf_token, last_seen_at: _l, expires_at: _e, ...operator } = row;
      return { idHash: id_hash, csrfToken: csrf_token, operator };
    },

    async destroy(idHash: string, exec: Executor = db): Promise<void> {
      await exec.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },

    purgeExpired,
  };
}

function isExpired(
  row: Pick<SessionTable, 'last_seen_at' | 'expires_at'>,
  t: Date,
  idleMs: number,
): boolean {
  return (
    Date.parse(row.expires_at) <= t.getTime() ||
    Date.parse(row.last_seen_at) + idleMs <= t.getTime()
  );
}

export type SessionService = ReturnType<typeof createSessionService>;
