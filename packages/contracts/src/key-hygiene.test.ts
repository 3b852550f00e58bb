import { describe, expect, it } from 'vitest';
import { keyHygiene } from './key-hygiene.js';

const policy = { unusedForDays: 90, olderThanDays: 90, maxAgeDays: 365 };
const now = new Date('2026-06-30T12:00:00Z');

describe('keyHygiene', () => {
  it('flags a key created 100 days ago and never used as never-used, unused and old', () => {
    expect(
      keyHygiene({ createDate: '2026-03-22T12:00:00Z', lastUsedDate: null }, now, policy),
    ).toEqual({
      ageDays: 100,
      unusedDays: 100,
      flags: ['never-used', 'unused', 'old'],
    });
  });

  it('counts unused days from the last use', () => {
    expect(
      keyHygiene(
        { createDate: '2026-03-22T12:00:00Z', lastUsedDate: '2026-06-20T12:00:00Z' },
        now,
        policy,
      ),
    ).toEqual({ ageDays: 100, unusedDays: 10, flags: ['old'] });
  });

  it('needs more than exactly N days', () => {
    const r = keyHygiene({ createDate: '2026-04-01T12:00:00Z', lastUsedDate: null }, now, policy);
    expect(r.ageDays).toBe(90);
    expect(r.flags).toEqual(['never-used']);
  });

  it('flags expired only with a max age', () => {
    const key = { createDate: '2025-06-29T11:00:00Z', lastUsedDate: '2026-06-30T11:00:00Z' };
    expect(keyHygiene(key, now, policy).flags).toEqual(['old', 'expired']);
    expect(keyHygiene(key, now, { ...policy, maxAgeDays: null }).flags).toEqual(['old']);
  });
});
