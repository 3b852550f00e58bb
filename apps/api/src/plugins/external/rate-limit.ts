import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { ConsoleErrorCode } from '@ram-console/contracts';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/index.js';
import { ConsoleError } from '../../errors.js';
import { addMs, iso, type Clock } from '../../lib/clock.js';
import { sha256 } from '../../lib/crypto.js';

/** Opt-in per route (`config.rateLimit`): sign-in and the code routes. Keyed by client IP. */
export async function registerRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    // Real time, as the plugin's own store keeps: these are per-minute flood windows, not the
    // console's business rules (which follow its injected clock).
    store: databaseStore(app.services.db, () => new Date()),
    errorResponseBuilder: (_req, ctx) => {
      const retryAfterSeconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new ConsoleError(
        ConsoleErrorCode.RateLimited,
        `Too many requests; try again in ${retryAfterSeconds} s`,
        { retryAfterSeconds },
      );
    },
  });
}

/** How often (in hits, per instance) windows that ended are deleted. */
const SWEEP_EVERY = 200;

/**
 * The counters live in the console database, so every instance behind the load balancer counts
 * into the same window (N instances must not grant N times the limit). One statement per hit:
 * an upsert that starts a new window when the stored one has ended and otherwise adds one,
 * returning the count — atomic on both databases (PostgreSQL locks the row for the update).
 */
export function databaseStore(db: Db, now: Clock): FastifyRateLimitStoreCtor {
  let hitsSinceSweep = 0;

  async function hit(key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
    const t = now();
    const nowIso = iso(t);
    const endIso = iso(addMs(t, windowMs));
    const row = await db
      .insertInto('rate_limits')
      .values({ key, hits: 1, window_ends_at: endIso })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => {
          const ended = eb('rate_limits.window_ends_at', '<=', nowIso);
          return {
            hits: eb
              .case()
              .when(ended)
              .then(1)
              .else(eb('rate_limits.hits', '+', 1))
              .end(),
            window_ends_at: eb
              .case()
              .when(ended)
              .then(endIso)
              .else(eb.ref('rate_limits.window_ends_at'))
              .end(),
          };
        }),
      )
      .returning(['hits', 'window_ends_at'])
      .executeTakeFirstOrThrow();
    if (++hitsSinceSweep >= SWEEP_EVERY) {
      hitsSinceSweep = 0;
      await db.deleteFrom('rate_limits').where('window_ends_at', '<', nowIso).execute();
    }
    return {
      current: Number(row.hits),
      ttl: Math.max(0, Date.parse(row.window_ends_at) - t.getTime()),
    };
  }

  class DatabaseRateLimitStore {
    /** `route` keeps each route's counters apart, as the plugin's own store does. */
    constructor(
      _options: unknown,
      private readonly route = '*',
    ) {}

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      const full = `${this.route} ${key}`;
      hit(full.length > 200 ? `sha256:${sha256(full)}` : full, timeWindow).then(
        (r) => callback(null, r),
        (err: Error) => callback(err),
      );
    }

    // The plugin passes the route's merged rate-limit settings with the route as `routeInfo`
    // (its typings say the route options themselves; its own Redis store reads routeInfo too).
    child(routeOptions: object): DatabaseRateLimitStore {
      const info =
        (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo ?? {};
      return new DatabaseRateLimitStore(undefined, `${String(info.method)} ${String(info.url)}`);
    }
  }
  return DatabaseRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
