/**
 * What keeps the console gentle with RAM, beside the gateway that uses it: a cap on concurrent
 * SDK calls per instance, and the short last-used cache with single-flight. Real RAM throttles per
 * account (`Throttling.User`), and every page view of a key list used to cost one
 * GetAccessKeyLastUsed per key (issue 12).
 */

/** Runs at most `max` tasks at once; the others wait in arrival order. */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now, and waiting (for tests and the bench). */
  readonly active: number;
  readonly queued: number;
}

export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new Error('the limit must be a positive integer');
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    // Hand the slot straight to the next task: `active` stays the same.
    if (next) next();
    else active--;
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active < max) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
  };
}

/**
 * Last use of an AccessKey, keyed by its ID alone and agnostic of which RAM action fills it
 * (RAM's GetAccessKeyLastUsed today, IMS's later: issue 13).
 *
 * - Single-flight: concurrent lookups of one key share one call.
 * - A value is kept `ttlMs` (0 = never kept; single-flight still applies).
 * - `fresh` lookups (the rotation wizard's polling) skip the kept value but still refresh it.
 * - `invalidate(id)` (the console's own writes on that key) drops the value, and a call that was
 *   already in flight cannot put its older answer back.
 * - Failures are never kept. At most `maxEntries` values are kept; the oldest go first, so the
 *   memory it takes is bounded whatever the number of keys in the account.
 *
 * It holds AccessKey IDs with dates and service names only: never a secret.
 */
export interface LastUsedCache<T = string | null> {
  get(accessKeyId: string, fetch: () => Promise<T>, opts?: { fresh?: boolean }): Promise<T>;
  invalidate(accessKeyId: string): void;
  readonly size: number;
}

export function createLastUsedCache<T = string | null>(opts: {
  ttlMs: number;
  now: () => number;
  maxEntries?: number;
}): LastUsedCache<T> {
  const maxEntries = opts.maxEntries ?? 20_000;
  const values = new Map<string, { value: T; at: number }>();
  interface Flight {
    promise: Promise<T>;
    fresh: boolean;
    /** Set by invalidate(): this call's answer may predate the change, so it is not kept. */
    stale: boolean;
  }
  const inFlight = new Map<string, Flight>();

  function keep(accessKeyId: string, value: T): void {
    if (opts.ttlMs <= 0) return;
    values.delete(accessKeyId);
    values.set(accessKeyId, { value, at: opts.now() });
    if (values.size > maxEntries) {
      const oldest = values.keys().next().value;
      if (oldest !== undefined) values.delete(oldest);
    }
  }

  return {
    get(accessKeyId, fetch, { fresh = false } = {}) {
      if (!fresh) {
        const kept = values.get(accessKeyId);
        if (kept && opts.now() - kept.at < opts.ttlMs) return Promise.resolve(kept.value);
      }
      const flying = inFlight.get(accessKeyId);
      // A fresh lookup may join only a call that is itself fresh: one started for a plain view
      // may have begun before the use the wizard is waiting to see.
      if (flying && (flying.fresh || !fresh)) return flying.promise;
      const flight: Flight = { promise: undefined as unknown as Promise<T>, fresh, stale: false };
      const settle = () => {
        if (inFlight.get(accessKeyId) === flight) inFlight.delete(accessKeyId);
      };
      flight.promise = fetch().then(
        (value) => {
          settle();
          if (!flight.stale) keep(accessKeyId, value);
          return value;
        },
        (err: unknown) => {
          settle();
          throw err;
        },
      );
      inFlight.set(accessKeyId, flight);
      return flight.promise;
    },
    invalidate(accessKeyId) {
      values.delete(accessKeyId);
      const flying = inFlight.get(accessKeyId);
      if (flying) {
        flying.stale = true;
        inFlight.delete(accessKeyId);
      }
    },
    get size() {
      return values.size;
    },
  };
}

/**
 * How long to wait before retrying a throttled read, with jitter so that instances throttled
 * together do not retry together: RAM's own hint when it sent one (the SDK reads
 * `x-acs-retry-after`, in milliseconds) plus up to half again, never less; else 50–100 % of an
 * exponential step from `baseMs`.
 */
export function throttleBackoffMs(
  attempt: number,
  retryAfterMs: number | undefined,
  baseMs: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && retryAfterMs > 0) {
    return Math.round(retryAfterMs * (1 + random() / 2));
  }
  return Math.round(baseMs * 2 ** attempt * (0.5 + random() / 2));
}
