import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, consecutiveCodesMatch, totp, totpStep } from './totp.js';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII "12345678901234567890"; the 8-digit codes
// there end in the 6-digit codes here (RFC 4226's truncation, modulo 10^6).
const SEED = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP for virtual MFA devices', () => {
  it('round-trips base32 (RFC 4648)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
    expect(SEED).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('matches the RFC 6238 SHA-1 vectors', () => {
    expect(totp(SEED, totpStep(59_000))).toBe('287082');
    expect(totp(SEED, totpStep(1_111_111_109_000))).toBe('081804');
    expect(totp(SEED, totpStep(1_234_567_890_000))).toBe('005924');
    expect(totp(SEED, totpStep(20_000_000_000_000))).toBe('353130');
  });

  it('accepts two consecutive codes near now, nothing else', () => {
    const now = 1_700_000_000_000;
    const step = totpStep(now);
    expect(consecutiveCodesMatch(SEED, now, totp(SEED, step - 1), totp(SEED, step))).toBe(true);
    expect(consecutiveCodesMatch(SEED, now, totp(SEED, step), totp(SEED, step - 1))).toBe(false);
    expect(consecutiveCodesMatch(SEED, now, totp(SEED, step - 10), totp(SEED, step - 9))).toBe(
      false,
    );
  });
});
