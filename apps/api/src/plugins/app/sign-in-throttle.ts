import { sql } from 'kysely';
import type { Db, Executor } from '../../db/index.js';
import { addMs, iso, type Clock } from '../../lib/clock.js';

/**
 * Failed sign-ins are throttled per (username as typed, client IP), never per account: an
 * attacker's failures from their address do not keep the owner out from theirs, and an unknown
 * name is treated exactly like a known one (same answers, same timing class: a throttled attempt
 * never reaches scrypt, whoever it names).
 *
 * After `freeFailures` failures in a row, each further failure blocks that pair for 2^(k+5) s
 * (32 s, 64 s, … up to `capSeconds`); a success from that address clears it; a day without
 * failures forgets them.
 */
export const SIGN_IN_THROTTLE = {
  freeFailures: 5,
  capSeconds: 15 * 60,
  forgetAfterMs: 24 * 3_600_000,
} as const;

/** Seconds blocked after the n-th failure in a row (0 while under the free failures). */
export function blockSecondsAfter(failures: number): number {
  const k = failures - SIGN_IN_THROTTLE.freeFailures;
  if (k < 0) return 0;
  return Math.min(2 ** Math.min(k + 5, 30), SIGN_IN_THROTTLE.capSeconds);
}

export type Reservation = { ok: true } | { ok: false; retryAfterSeconds: number };

export function createSignInThrottle(db: Db, now: Clock) {
  const T = SIGN_IN_THROTTLE;
  // Failures from which the cap applies: beyond it every value is the cap.
  let capFrom = T.freeFailures;
  while (blockSecondsAfter(capFrom) < T.capSeconds) capFrom++;

  return {
    /**
     * Counts this attempt as a failure before the password is checked, unless the pair is blocked.
     * One conditional UPDATE decides, so parallel attempts cannot out-race the limit: exactly
     * `freeFailures` attempts get through before the first block, however many arrive at once.
     * (The same statement serialises on the row in PostgreSQL; SQLite has a single writer.)
     */
    async reserve(username: string, ip: string): Promise<Reservation> {
      const t = now();
      const key = { username: username.slice(0, 64), ip: ip.slice(0, 64) };
      const staleBefore = iso(addMs(t, -T.forgetAfterMs));
      // The failure count this attempt makes (a day-old run of failures starts again at 1).
      const next = sql<number>`(CASE WHEN last_failure_at IS NULL OR last_failure_at < ${staleBefore} THEN 1 ELSE failures + 1 END)`;
      const cases = [];
      for (let n = T.freeFailures; n < capFrom; n++) {
        cases.push(sql`WHEN ${next} = ${n} THEN ${iso(addMs(t, blockSecondsAfter(n) * 1000))}`);
      }
      const blockedUntil = sql<
        string | null
      >`(CASE WHEN ${next} < ${T.freeFailures} THEN NULL ${sql.join(
        cases,
        sql` `,
      )} ELSE ${iso(addMs(t, T.capSeconds * 1000))} END)`;
      // A success from this address (`succeeded`) may delete the row between the INSERT and the
      // UPDATE; the UPDATE then matches nothing although nothing blocks this pair. That is not a
      // block: start again on a fresh row. Only a row blocked now answers "throttled".
      for (let attempt = 0; ; attempt++) {
        await db
          .insertInto('login_throttles')
          .values({ ...key, failures: 0, last_failure_at: null, blocked_until: null })
          .onConflict((oc) => oc.columns(['username', 'ip']).doNothing())
          .execute();
        const row = await db
          .updateTable('login_throttles')
          .set({ failures: next, last_failure_at: iso(t), blocked_until: blockedUntil })
          .where('username', '=', key.username)
          .where('ip', '=', key.ip)
          .where((eb) =>
            eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', iso(t))]),
          )
          .returning('failures')
          .executeTakeFirst();
        if (row) return { ok: true };
        const blocked = await db
          .selectFrom('login_throttles')
          .select('blocked_until')
          .where('username', '=', key.username)
          .where('ip', '=', key.ip)
          .executeTakeFirst();
        const until = blocked?.blocked_until ? Date.parse(blocked.blocked_until) : Number.NaN;
        if (until > t.getTime()) {
          return { ok: false, retryAfterSeconds: Math.ceil((until - t.getTime()) / 1000) };
        }
        // Cleared under us, repeatedly: a storm of successes from this very address. Say
        // "wait a second" rather than loop; nothing was counted.
        if (attempt >= 4) return { ok: false, retryAfterSeconds: 1 };
      }
    },

    /** The password was right: this address starts afresh for this name. */
    async succeeded(username: string, ip: string, exec: Executor = db): Promise<void> {
      await exec
        .deleteFrom('login_throttles')
        .where('username', '=', username.slice(0, 64))
        .where('ip', '=', ip.slice(0, 64))
        .execute();
    },

    /** Pairs blocked now, newest first: what an admin sees (GET /api/operators/sign-in-throttles). */
    async blocked(): Promise<{ username: string; ip: string; failures: number; until: string }[]> {
      const rows = await db
        .selectFrom('login_throttles')
        .select(['username', 'ip', 'failures', 'blocked_until'])
        .where('blocked_until', '>', iso(now()))
        .orderBy('blocked_until', 'desc')
        .limit(200)
        .execute();
      return rows.map((r) => ({
        username: r.username,
        ip: r.ip,
        failures: r.failures,
        until: r.blocked_until!,
      }));
    },
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
