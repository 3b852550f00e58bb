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
      idleDisableDate: null,
    });
  });

  it('counts unused days from the last use', () => {
    expect(
      keyHygiene(
        { createDate: '2026-03-22T12:00:00Z', lastUsedDate: '2026-06-20T12:00:00Z' },
        now,
        policy,
      ),
    ).toEqual({ ageDays: 100, unusedDays: 10, flags: ['old'], idleDisableDate: null });
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

  it('dates RAM’s idle disable at the first midnight after the idle days, and warns 14 days ahead', () => {
    const key = { createDate: '2026-01-01T08:00:00Z', lastUsedDate: '2026-04-01T10:30:00Z' };
    // 90 days after 1 Apr 10:30 is 30 Jun 10:30: RAM disables it at midnight on 1 Jul.
    const r = keyHygiene(key, now, policy, { maxIdleDays: 90 });
    expect(r.idleDisableDate).toBe('2026-07-01T00:00:00Z');
    expect(r.flags).toContain('idle-disable-soon');
    const far = keyHygiene(key, now, policy, { maxIdleDays: 730 });
    expect(far.idleDisableDate).toBe('2028-04-01T00:00:00Z');
    expect(far.flags).not.toContain('idle-disable-soon');
    // 14 days out exactly still warns; 15 does not.
    const at = (iso: string) => keyHygiene(key, new Date(iso), policy, { maxIdleDays: 90 }).flags;
    expect(at('2026-06-17T00:00:00Z')).toContain('idle-disable-soon');
    expect(at('2026-06-16T00:00:00Z')).not.toContain('idle-disable-soon');
  });
});

describe('ipAllowed', () => {
  it('matches IPv4, IPv6 and CIDR entries, IPv4-mapped callers as IPv4', async () => {
    const { ipAllowed, isIpOrCidr } = await import('./ip.js');
    const list = ['198.51.100.0/24', '2001:db8::/32', '127.0.0.1'];
    expect(ipAllowed('198.51.100.9', list)).toBe(true);
    expect(ipAllowed('::ffff:127.0.0.1', list)).toBe(true);
    expect(ipAllowed('2001:db8:5::1', list)).toBe(true);
    expect(ipAllowed('198.51.101.9', list)).toBe(false);
    expect(ipAllowed('not-an-ip', list)).toBe(false);
    for (const ok of ['10.0.0.0/8', '::/0', 'fe80::1', '::ffff:10.1.2.3'])
      expect(isIpOrCidr(ok), ok).toBe(true);
    for (const bad of ['10.0.0.256', '10.0.0.0/33', 'example.com', '1::2::3', ''])
      expect(isIpOrCidr(bad), bad).toBe(false);
  });
});
