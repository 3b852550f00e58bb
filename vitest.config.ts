import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Unit and integration tests run against workspace sources, so `vitest` needs no build.
    alias: {
      '@ram-console/contracts': src('./packages/contracts/src/index.ts'),
      '@ram-console/ram-emulator': src('./packages/ram-emulator/src/index.ts'),
    },
  },
  test: {
    include: [
      'test/**/*.test.ts',
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
    ],
    // The @alicloud SDKs are CommonJS: see what Node sees, not Vitest's interop (TOOLCHAIN.md).
    deps: { interopDefault: false },
    // Password hashes at N=2^12 instead of OWASP's 2^17 (apps/api/src/lib/crypto.ts): the suites
    // sign in thousands of times. crypto.test.ts and the rehash test turn it off.
    env: { INSECURE_TEST_PASSWORD_HASHING: '1' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
