import { createHmac, randomBytes } from 'node:crypto';

/** RFC 4648 base32 and RFC 6238 TOTP (SHA-1, 6 digits, 30 s): virtual MFA devices. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    const index = ALPHABET.indexOf(ch);
    if (index < 0) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new 160-bit seed, base32 (what CreateVirtualMFADevice returns as Base32StringSeed). */
export const newTotpSeed = (): string => base32Encode(randomBytes(20));

export function totp(seedBase32: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(seedBase32)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 15;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

export const totpStep = (ms: number): number => Math.floor(ms / 30_000);

/** Two consecutive codes, the second for the current or a recent step (a little clock drift). */
export function consecutiveCodesMatch(seed: string, nowMs: number, code1: string, code2: string) {
  const now = totpStep(nowMs);
  for (let step = now - 2; step <= now; step++) {
    if (totp(seed, step) === code1 && totp(seed, step + 1) === code2) return true;
  }
  return false;
}
