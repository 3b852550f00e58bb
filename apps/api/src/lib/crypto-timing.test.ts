import type * as NodeCrypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Every scrypt run verifyPassword makes, with its cost parameter: "as slow as a wrong password"
// is asserted as "the same scrypt work", never by a stopwatch.
const runs = vi.hoisted(() => ({ costs: [] as number[] }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof NodeCrypto>();
  const scrypt = (...args: unknown[]) => {
    runs.costs.push((args[3] as { N: number }).N);
    return (real.scrypt as (...a: unknown[]) => void)(...args);
  };
  return { ...real, scrypt, default: { ...real, scrypt } };
});

const { dummyPasswordHash, hashPassword, verifyPassword } = await import('./crypto.js');

describe('a sign-in check costs the same whatever is stored', () => {
  beforeAll(() => {
    vi.stubEnv('INSECURE_TEST_PASSWORD_HASHING', '');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
  beforeEach(() => {
    runs.costs.length = 0;
  });

  it('a wrong password and an unknown name: one scrypt run at the full cost', async () => {
    const hash = await hashPassword('correct horse battery');
    runs.costs.length = 0;
    expect(await verifyPassword('wrong', hash)).toBe(false);
    expect(await verifyPassword('wrong', dummyPasswordHash())).toBe(false);
    expect(runs.costs).toEqual([131072, 131072]);
  });

  it("an SSO operator's marker or any other non-hash: the same run, still false", async () => {
    for (const stored of ['!sso', 'bcrypt$whatever', '', 'scrypt$1000$8$1$AAAA$AAAA']) {
      expect(await verifyPassword('anything', stored)).toBe(false);
    }
    expect(runs.costs).toEqual([131072, 131072, 131072, 131072]);
  });
});
