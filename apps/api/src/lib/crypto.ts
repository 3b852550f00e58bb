import {
  createHash,
  createHmac,
  randomBytes,
  randomInt,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import {
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * OWASP Password Storage Cheat Sheet (scrypt): N=2^17, r=8, p=1. That needs 128·N·r = 128 MiB
 * of memory, over Node's default `maxmem` of 32 MiB, hence the explicit limit (room for 2×).
 */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;

/**
 * `INSECURE_TEST_PASSWORD_HASHING=1` (set by vitest.config.ts) hashes at N=2^12 instead: the API
 * suites sign in thousands of times, and at 2^17 each costs 0.5–3.5 s on a 2-core machine (the
 * unit run went from about 65 s to 400 s). The config refuses it unless RAM is the embedded
 * emulator or an endpoint on loopback, as it refuses `SMS_PROVIDER=log`; crypto.test.ts and the
 * rehash test run with it off. Read at every call, so a test can turn it off.
 */
export const TEST_SCRYPT_PARAMS = { N: 2 ** 12, r: 8, p: 1 } as const;
export const INSECURE_TEST_HASHING_ENV = 'INSECURE_TEST_PASSWORD_HASHING';
export const passwordHashParams = (): {
  readonly N: number;
  readonly r: number;
  readonly p: number;
} => (process.env[INSECURE_TEST_HASHING_ENV] === '1' ? TEST_SCRYPT_PARAMS : SCRYPT_PARAMS);
const KEYLEN = 32;
const maxmemFor = (o: { N: number; r: number }) => 256 * o.N * o.r;

function scryptAsync(
  password: string,
  salt: Buffer,
  o: { N: number; r: number; p: number; keylen: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password,
      salt,
      o.keylen,
      { N: o.N, r: o.r, p: o.p, maxmem: maxmemFor(o) },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64url), so parameters can grow without a migration. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const params = passwordHashParams();
  const key = await scryptAsync(password, salt, { ...params, keylen: KEYLEN });
  const { N, r, p } = params;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash || rest.length) return null;
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  // Refuse parameters that would make one sign-in a denial of service (or are not scrypt's).
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > 2 ** 20 || !Number.isInteger(R) || R < 1 || R > 32) return null;
  if (!Number.isInteger(P) || P < 1 || P > 16) return null;
  return {
    N,
    r: R,
    p: P,
    salt: Buffer.from(salt, 'base64url'),
    hash: Buffer.from(hash, 'base64url'),
  };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  const usable = parsed && parsed.hash.length > 0 ? parsed : null;
  // A stored value that is no hash (an SSO operator's `!sso`) is checked against the dummy hash,
  // so its "no" costs the same scrypt run as a wrong password and tells no one it is SSO.
  const against = usable ?? parseHash(dummyPasswordHash())!;
  const key = await scryptAsync(password, against.salt, {
    ...against,
    keylen: against.hash.length,
  });
  return usable !== null && key.length === usable.hash.length && timingSafeEqual(key, usable.hash);
}

/** The stored hash uses weaker (older) parameters than today's: rehash at the next sign-in. */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  const today = passwordHashParams();
  return (
    !parsed ||
    parsed.N < today.N ||
    parsed.r < today.r ||
    parsed.p < today.p ||
    parsed.hash.length < KEYLEN
  );
}

/**
 * A hash to compare against when the username does not exist: today's parameters, so an unknown
 * name costs the same time as a known one (no user enumeration by timing).
 */
export function dummyPasswordHash(): string {
  const { N, r, p } = passwordHashParams();
  return ['scrypt', N, r, p, 'AAAAAAAAAAAAAAAAAAAAAA', 'A'.repeat(43)].join('$');
}

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
export const sixDigitCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * A verification code as stored: HMAC-SHA256 with the server key (which is not in the database),
 * over the verification id and the code. A copied database alone cannot be brute-forced for the
 * 10^6 possible codes.
 */
export const codeMac = (key: Buffer, verificationId: string, code: string): string =>
  createHmac('sha256', key).update(`verification-code\0${verificationId}\0${code}`).digest('hex');

/** Constant-time comparison of a code against its stored MAC. */
export const codeMatches = (key: Buffer, verificationId: string, code: string, stored: string) =>
  safeEqual(codeMac(key, verificationId, code), stored);

export const SERVER_KEY_FILE = 'console-secret.key';

const serverSecrets = new WeakMap<object, string>();

/** Keeps CONSOLE_SECRET_KEY beside the config object (config.ts), not in it. */
export function keepServerSecret(config: object, secret: string | undefined): void {
  if (secret) serverSecrets.set(config, secret);
}

/** The CONSOLE_SECRET_KEY kept for this config, if any. */
export function serverSecretOf(config: object): string | undefined {
  return serverSecrets.get(config);
}

/**
 * The server key for code MACs: `CONSOLE_SECRET_KEY` (at least 32 characters, the same on every
 * instance), else `DATA_DIR/console-secret.key`, created once with 32 random bytes and mode 0600.
 * A key file others can read stops start-up.
 */
export function loadServerKey(opts: { dataDir: string; secretKey?: string | undefined }): Buffer {
  if (opts.secretKey) return createHash('sha256').update(opts.secretKey).digest();
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const file = join(opts.dataDir, SERVER_KEY_FILE);
  try {
    const fd = openSync(
      file,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o600,
    );
    try {
      writeSync(fd, randomBytes(32).toString('base64url') + '\n');
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new Error(
      `${file} is readable by other users (mode ${mode.toString(8)}): run chmod 600 on it`,
    );
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  if (key.length < 32) throw new Error(`${file} does not hold a 32-byte key`);
  return key;
}

/** A readable random password for the generated first admin (no look-alike characters). */
export function generatePassword(length = 20): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(0, alphabet.length)];
  return out;
}

export function maskPhone(phone: string): string {
  // As Alibaba's console shows a phone: a mainland mobile without its +86 as 138****8000, any
  // other number as +447****1234; four stars whatever the length, so the mask hides that too.
  const digits = phone.replace(/^(?:\+|00)/, '');
  const mainland = /^(?:86)?(1\d{10})$/.exec(digits)?.[1];
  if (mainland) return `${mainland.slice(0, 3)}****${mainland.slice(-4)}`;
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const head = digits.length > 7 ? digits.slice(0, 3) : '';
  return `${phone.startsWith('+') ? '+' : ''}${head}****${digits.slice(-4)}`;
}
