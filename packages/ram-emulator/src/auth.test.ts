import { describe, expect, it } from 'vitest';
import { NonceCache, SKEW_MS } from './auth.js';

describe('NonceCache', () => {
  it('remembers a nonce until 15 minutes after its request time', () => {
    const cache = new NonceCache();
    const t = 1_000_000_000;
    expect(cache.use('k\nn', t, t)).toBe(true);
    expect(cache.use('k\nn', t, t + SKEW_MS - 1)).toBe(false);
    expect(cache.use('k\nn', t + SKEW_MS, t + SKEW_MS)).toBe(true);
  });

  it('keeps a future-dated request’s nonce until its own window closes', () => {
    const cache = new NonceCache();
    const t = 1_000_000_000;
    expect(cache.use('k\nf', t + 10 * 60_000, t)).toBe(true);
    expect(cache.use('k\nf', t + 10 * 60_000, t + 20 * 60_000)).toBe(false);
  });

  it('forgets the oldest nonces past its size cap', () => {
    const cache = new NonceCache(3);
    const t = 1_000_000_000;
    for (const n of ['a', 'b', 'c', 'd']) expect(cache.use(n, t, t)).toBe(true);
    expect(cache.use('d', t, t)).toBe(false);
    expect(cache.use('a', t, t)).toBe(true);
  });
});
