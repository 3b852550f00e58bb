import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../db/index.js';
import type { OperatorRow } from './operators.js';
import type { SessionTable } from '../../db/schema.js';
import { addMs, iso, type Clock } from '../../lib/clock.js';
import { randomToken, sha256 } from '../../lib/crypto.js';

export const SESSION_COOKIE = 'ram_console_session';

export interface ActiveSession {
  idHash: string;
  /** The id GET /api/auth/sessions shows; never the hash of the cookie. */
  publicId: string;
  csrfToken: string;
  /** The step-up window's end (ISO), or null. */
  stepUpUntil: string | null;
  operator: OperatorRow;
}

export interface SessionSummary {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
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
      client: { ip: string | null; userAgent?: string | undefined },
      exec: Executor = db,
    ): Promise<{ id: string; csrfToken: string; publicId: string }> {
      // Sign-in is rare enough to tidy up ended sessions on the way.
      await purgeExpired(exec);
      const id = randomToken();
      const csrfToken = randomToken();
      const publicId = randomUUID();
      const t = now();
      await exec
        .insertInto('sessions')
        .values({
          id_hash: sha256(id),
          operator_username: operatorUsername,
          csrf_token: csrfToken,
          ip: client.ip,
          created_at: iso(t),
          last_seen_at: iso(t),
          expires_at: iso(addMs(t, opts.absoluteHours * 3_600_000)),
          public_id: publicId,
          user_agent: client.userAgent?.slice(0, 255) ?? null,
          step_up_until: null,
        })
        .execute();
      return { id, csrfToken, publicId };
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
          'sessions.public_id',
          'sessions.csrf_token',
          'sessions.step_up_until',
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
      const {
        id_hash,
        public_id,
        csrf_token,
        step_up_until,
        last_seen_at: _l,
        expires_at: _e,
        ...operator
      } = row;
      return {
        idHash: id_hash,
        publicId: public_id,
        csrfToken: csrf_token,
        stepUpUntil: step_up_until,
        operator,
      };
    },

    /** The operator's live sessions, most recently used first. */
    async list(operatorUsername: string): Promise<(SessionSummary & { idHash: string })[]> {
      await purgeExpired();
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('operator_username', '=', operatorUsername)
        .orderBy('last_seen_at', 'desc')
        .execute();
      return rows.map((r) => ({
        id: r.public_id,
        idHash: r.id_hash,
        createdAt: r.created_at,
        lastSeenAt: r.last_seen_at,
        expiresAt: r.expires_at,
        ip: r.ip,
        userAgent: r.user_agent,
      }));
    },

    async destroy(idHash: string, exec: Executor = db): Promise<void> {
      await exec.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },

    /** Ends one of this operator's sessions by its public id; false when there is none. */
    async endOne(operatorUsername: string, publicId: string, exec: Executor = db) {
      const r = await exec
        .deleteFrom('sessions')
        .where('operator_username', '=', operatorUsername)
        .where('public_id', '=', publicId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    /** Ends every session of the operator, except `keepIdHash` (the caller's own); the count. */
    async endAll(
      operatorUsername: string,
      keepIdHash: string | null,
      exec: Executor = db,
    ): Promise<number> {
      let q = exec.deleteFrom('sessions').where('operator_username', '=', operatorUsername);
      if (keepIdHash) q = q.where('id_hash', '!=', keepIdHash);
      const r = await q.executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    /** Opens (or extends) the session's step-up window until `until`. */
    async openStepUp(idHash: string, until: Date, exec: Executor = db): Promise<void> {
      await exec
        .updateTable('sessions')
        .set({ step_up_until: iso(until) })
        .where('id_hash', '=', idHash)
        .execute();
    },

    /** Closes the step-up windows of all the operator's sessions (after a phone change). */
    async closeStepUp(operatorUsername: string, exec: Executor = db): Promise<void> {
      await exec
        .updateTable('sessions')
        .set({ step_up_until: null })
        .where('operator_username', '=', operatorUsername)
        .execute();
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
