import { randomBytes, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const DIGITS = '0123456789';

/** Uniform characters from `alphabet` (rejection sampling, so no modulo bias). */
function randomString(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** `LTAI` + 20 alphanumerics, like modern keys (`LTAI5t…`). */
export const newAccessKeyId = (): string => 'LTAI5t' + randomString(ALNUM, 18);
/** 30 alphanumerics. */
export const newAccessKeySecret = (): string => randomString(ALNUM, 30);
/** 16-digit numeric string with no leading zero (UserId, account ID). */
export const newNumericId = (): string => randomString('123456789', 1) + randomString(DIGITS, 15);
/** Upper-case UUID, like real RequestIds. */
export const newRequestId = (): string => randomUUID().toUpperCase();
/** Dysmsapi BizId shape: digits `^0`. */
export const newBizId = (): string =>
  randomString('123456789', 1) + randomString(DIGITS, 17) + '^0';

/** ISO-8601 UTC with second precision and `Z`: the only timestamp format in RAM bodies. */
export function isoSeconds(date: Date): string {
  return date.toISOString().slice(0, 19) + 'Z';
}
