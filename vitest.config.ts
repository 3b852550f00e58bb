import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Two projects: `sqlite` runs every suite (the embedded default); `postgres` runs every API
 * suite again against a real PostgreSQL started for the run (apps/api/test/support/), plus the
 * cluster tests. TEST_POSTGRES=off leaves `postgres` out on a machine without PostgreSQL; in CI
 * that is refused, and a PostgreSQL that does not start fails the run.
 */
const ci = process.env.CI === 'true' || process.env.CI === '1';
if (process.env.TEST_POSTGRES === 'off' && ci) {
  throw new Error('TEST_POSTGRES=off is not allowed in CI: the PostgreSQL suites must run');
}
const withPostgres = process.env.TEST_POSTGRES !== 'off';

const apiSuites = ['apps/api/src/**/*.test.ts', 'apps/api/test/**/*.test.ts'];
/** PostgreSQL only: several instances (cluster/) and PostgreSQL's own concurrency (postgres/). */
const postgresOnlySuites = [
  'apps/api/test/cluster/**/*.test.ts',
  'apps/api/test/postgres/**/*.test.ts',
];

export default defineConfig({
  resolve: {
    // Unit and integration tests run against workspace sources, so `vitest` needs no build.
    alias: {
      '@ram-console/contracts': src('./packages/contracts/src/index.ts'),
      '@ram-console/ram-emulator': src('./packages/ram-emulator/src/index.ts'),
    },
  },
  test: {
    // The @alicloud SDKs are CommonJS: see what Node sees, not Vitest's interop (TOOLCHAIN.md).
    deps: { interopDefault: false },
    // Password hashes at N=2^12 instead of OWASP's 2^17 (apps/api/src/lib/crypto.ts): the suites
    // sign in thousands of times. crypto.test.ts and the rehash test turn it off.
    env: { INSECURE_TEST_PASSWORD_HASHING: '1' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: [
            'test/**/*.test.ts',
            'packages/*/src/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
            // The SPA's own unit tests (locale parity, error rendering, dates, phones): plain
            // functions, no DOM. They were never listed here, so `npm test` skipped them.
            'apps/web/src/**/*.test.ts',
            ...apiSuites,
          ],
          exclude: ['**/node_modules/**', ...postgresOnlySuites],
        },
      },
      ...(withPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: apiSuites,
                env: { CONSOLE_TEST_DIALECT: 'postgres' },
                globalSetup: ['apps/api/test/support/postgres-global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
