import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { scrypt } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  SCRYPT_PARAMS,
  dummyPasswordHash,
  SERVER_KEY_FILE,
  codeMac,
  codeMatches,
  hashPassword,
  loadServerKey,
  maskPhone,
  needsRehash,
  verifyPassword,
} from './crypto.js';

/** A hash as the console stored it before (N=2^14), for the rehash path. */
function legacyHash(password: string): Promise<string> {
  const salt = Buffer.from('0123456789abcdef');
  return new Promise((resolve, reject) =>
    scrypt(password, salt, 32, { N: 16384, r: 8, p: 1 }, (err, key) =>
      err
        ? reject(err)
        : resolve(`scrypt$16384$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`),
    ),
  );
}

describe('password hashing', () => {
  // The suites hash cheaply (vitest.config.ts); these tests are about the real parameters.
  beforeAll(() => {
    vi.stubEnv('INSECURE_TEST_PASSWORD_HASHING', '');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('hashes at N=2^12 only when the test switch is on, and then flags nothing stronger', async () => {
    vi.stubEnv('INSECURE_TEST_PASSWORD_HASHING', '1');
    const cheap = await hashPassword('correct horse battery');
    expect(cheap).toMatch(/^scrypt\$4096\$8\$1\$/);
    expect(needsRehash(cheap)).toBe(false);
    vi.stubEnv('INSECURE_TEST_PASSWORD_HASHING', '');
    // Off again: a cheap hash is weaker than today's and is replaced at the next sign-in.
    expect(needsRehash(cheap)).toBe(true);
    expect(await verifyPassword('correct horse battery', cheap)).toBe(true);
  });

  it("uses OWASP's scrypt parameters (N=2^17, r=8, p=1) and verifies", async () => {
    expect(SCRYPT_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery!', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('still verifies older hashes, and flags them for a rehash', async () => {
    const old = await legacyHash('correct horse battery');
    expect(await verifyPassword('correct horse battery', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it('an unknown user costs what a known one does; absurd parameters are refused', async () => {
    expect(dummyPasswordHash().split('$').slice(1, 4)).toEqual(['131072', '8', '1']);
    expect(await verifyPassword('x', dummyPasswordHash())).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1073741824$8$1$AAAA$AAAA')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1000$8$1$AAAA$AAAA')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false);
  });
});

describe('the server key for verification codes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ram-console-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is created once, 0600, in DATA_DIR, and reused', () => {
    const data = join(dir, 'data');
    const a = loadServerKey({ dataDir: data });
    expect(a).toHaveLength(32);
    const file = join(data, SERVER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadServerKey({ dataDir: data })).toEqual(a);
    expect(readFileSync(file, 'utf8')).not.toContain(a.toString('hex'));
  });

  it('refuses a key file others can read', () => {
    const data = join(dir, 'loose');
    loadServerKey({ dataDir: data });
    chmodSync(join(data, SERVER_KEY_FILE), 0o644);
    expect(() => loadServerKey({ dataDir: data })).toThrow(/readable by other users/);
  });

  it('CONSOLE_SECRET_KEY wins (the same on every instance), and no file is written', () => {
    const data = join(dir, 'env');
    const a = loadServerKey({ dataDir: data, secretKey: 'k'.repeat(40) });
    const b = loadServerKey({ dataDir: join(dir, 'env2'), secretKey: 'k'.repeat(40) });
    expect(a).toEqual(b);
    expect(() => statSync(join(data, SERVER_KEY_FILE))).toThrow();
  });

  it('codes are MACed with the key and the verification id, compared in constant time', () => {
    const key = Buffer.alloc(32, 7);
    const mac = codeMac(key, 'v1', '123456');
    expect(codeMatches(key, 'v1', '123456', mac)).toBe(true);
    expect(codeMatches(key, 'v1', '123457', mac)).toBe(false);
    expect(codeMatches(key, 'v2', '123456', mac)).toBe(false);
    expect(codeMatches(Buffer.alloc(32, 8), 'v1', '123456', mac)).toBe(false);
    expect(codeMatches(key, 'v1', '123456', 'short')).toBe(false);
  });
});

describe('maskPhone', () => {
  it('shows a mainland mobile as Alibaba does, without +86: 138****8000', () => {
    for (const phone of ['+8613800138000', '8613800138000', '008613800138000', '13800138000']) {
      expect(maskPhone(phone), phone).toBe('138****8000');
    }
  });
  it('keeps a country code elsewhere and never tells the length', () => {
    expect(maskPhone('+447911123456')).toBe('+447****3456');
    expect(maskPhone('+4915112345678')).toBe('+491****5678');
    expect(maskPhone('+1234567')).toBe('+****4567');
    expect(maskPhone('1234')).toBe('****');
  });
});
