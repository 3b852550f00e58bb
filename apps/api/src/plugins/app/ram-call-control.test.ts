import { describe, expect, it } from 'vitest';
import { createLastUsedCache, createLimiter, throttleBackoffMs } from './ram-call-control.js';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('createLimiter', () => {
  it('runs at most max tasks at once and starts the rest in arrival order', async () => {
    const limiter = createLimiter(2);
    const gates = Array.from({ length: 5 }, () => deferred<void>());
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      limiter.run(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(limiter.active).toBe(2);
    expect(limiter.queued).toBe(3);
    gates[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    gates[3]!.resolve();
    gates[4]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(limiter.active).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = createLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'next')).toBe('next');
    expect(limiter.active).toBe(0);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => createLimiter(0)).toThrow();
    expect(() => createLimiter(1.5)).toThrow();
  });
});

describe('createLastUsedCache', () => {
  const setup = (ttlMs = 10_000, maxEntries?: number) => {
    let t = 0;
    const cache = createLastUsedCache({
      ttlMs,
      now: () => t,
      ...(maxEntries ? { maxEntries } : {}),
    });
    return { cache, advance: (ms: number) => (t += ms) };
  };

  it('shares one call among concurrent lookups of a key (single-flight)', async () => {
    const { cache } = setup();
    const answer = deferred<string | null>();
    let calls = 0;
    const fetch = () => {
      calls++;
      return answer.promise;
    };
    const lookups = [cache.get('K1', fetch), cache.get('K1', fetch), cache.get('K1', fetch)];
    answer.resolve('2026-12-01T00:00:00Z');
    expect(await Promise.all(lookups)).toEqual(Array(3).fill('2026-12-01T00:00:00Z'));
    expect(calls).toBe(1);
    // Another key is another call.
    await cache.get('K2', async () => (calls++, null));
    expect(calls).toBe(2);
  });

  it('keeps an answer (null too) for the TTL, then asks again', async () => {
    const { cache, advance } = setup(10_000);
    let calls = 0;
    const fetch = async () => (calls++ === 0 ? null : 'used');
    expect(await cache.get('K1', fetch)).toBeNull();
    advance(9_999);
    expect(await cache.get('K1', fetch)).toBeNull();
    expect(calls).toBe(1);
    advance(1);
    expect(await cache.get('K1', fetch)).toBe('used');
    expect(calls).toBe(2);
  });

  it('keeps nothing with a TTL of 0, but still shares calls in flight', async () => {
    const { cache } = setup(0);
    let calls = 0;
    const answer = deferred<string | null>();
    const both = [
      cache.get('K1', () => (calls++, answer.promise)),
      cache.get('K1', () => (calls++, answer.promise)),
    ];
    answer.resolve('x');
    await Promise.all(both);
    expect(calls).toBe(1);
    await cache.get('K1', async () => (calls++, 'y'));
    expect(calls).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('never keeps a failure', async () => {
    const { cache } = setup();
    await expect(cache.get('K1', () => Promise.reject(new Error('RAM down')))).rejects.toThrow();
    expect(await cache.get('K1', async () => 'back')).toBe('back');
  });

  it('fresh lookups skip the kept value, refresh it, and never join a plain call in flight', async () => {
    const { cache } = setup();
    await cache.get('K1', async () => 'old');
    expect(await cache.get('K1', async () => 'new', { fresh: true })).toBe('new');
    expect(await cache.get('K1', async () => 'unused')).toBe('new');

    // A plain call in flight may have started before the use the wizard waits for.
    const plain = deferred<string | null>();
    const p1 = cache.get('K2', () => plain.promise);
    let freshCalls = 0;
    const fresh = deferred<string | null>();
    const f1 = cache.get('K2', () => (freshCalls++, fresh.promise), { fresh: true });
    const f2 = cache.get('K2', () => (freshCalls++, fresh.promise), { fresh: true });
    // …but a plain lookup may join a fresh call.
    const p2 = cache.get('K2', async () => 'never');
    fresh.resolve('after');
    plain.resolve('before');
    expect(await Promise.all([p1, f1, f2, p2])).toEqual(['before', 'after', 'after', 'after']);
    expect(freshCalls).toBe(1);
  });

  it('invalidate drops the value, and an answer in flight from before cannot come back', async () => {
    const { cache } = setup();
    await cache.get('K1', async () => 'kept');
    cache.invalidate('K1');
    let calls = 0;
    const slow = deferred<string | null>();
    const before = cache.get('K1', () => (calls++, slow.promise));
    cache.invalidate('K1'); // the console writes on K1 while that lookup is in flight
    const after = cache.get('K1', async () => (calls++, 'after the write'));
    slow.resolve('from before the write');
    expect(await before).toBe('from before the write');
    expect(await after).toBe('after the write');
    expect(calls).toBe(2);
    // What is kept is the answer from after the write.
    expect(await cache.get('K1', async () => 'unused')).toBe('after the write');
  });

  it('keeps at most maxEntries values, dropping the oldest', async () => {
    const { cache } = setup(10_000, 3);
    for (const id of ['A', 'B', 'C', 'D']) await cache.get(id, async () => id);
    expect(cache.size).toBe(3);
    let calls = 0;
    expect(await cache.get('A', async () => (calls++, 'A2'))).toBe('A2');
    expect(await cache.get('D', async () => (calls++, 'D2'))).toBe('D');
    expect(calls).toBe(1);
  });
});

describe('throttleBackoffMs', () => {
  it("waits at least RAM's hint and up to half again", () => {
    expect(throttleBackoffMs(0, 1000, 250, () => 0)).toBe(1000);
    expect(throttleBackoffMs(2, 1000, 250, () => 1)).toBe(1500);
  });

  it('without a hint, doubles from the base with 50–100 % jitter', () => {
    expect(throttleBackoffMs(0, undefined, 200, () => 0)).toBe(100);
    expect(throttleBackoffMs(0, undefined, 200, () => 1)).toBe(200);
    expect(throttleBackoffMs(2, undefined, 200, () => 1)).toBe(800);
    const spread = new Set(Array.from({ length: 50 }, () => throttleBackoffMs(1, undefined, 200)));
    expect(spread.size).toBeGreaterThan(10);
    for (const ms of spread) expect(ms).toBeGreaterThanOrEqual(200);
  });
});
