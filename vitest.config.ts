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
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
