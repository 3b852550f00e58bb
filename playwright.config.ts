import { defineConfig, devices } from '@playwright/test';

// No webServer: every test starts its own console API on a free port with a fresh data dir
// (e2e/fixtures.ts), so journeys never share state.
export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  // Two journeys at a time: each spends most of its time waiting on its own server and browser
  // (a one-worker run used 14 CPU-minutes in 29 minutes on 2 cores). Files never share a server,
  // a port or a data dir (e2e/support/console-server.ts). E2E_WORKERS=1 for a slow machine.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  // A long journey (rotation: ten checkpoints, each a screenshot and an axe run) with another
  // beside it on 2 cores; expectations keep their own 10 s.
  timeout: 150_000,
  expect: { timeout: 10_000 },
  use: {
    trace: 'retain-on-failure',
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'UTC',
    permissions: ['clipboard-read', 'clipboard-write'],
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
