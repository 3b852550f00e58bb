import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN = {
  username: 'admin',
  password: 'e2e-admin-password-1234',
  phone: '+8613800138000',
} as const;

export interface ConsoleServer {
  url: string;
  /** The embedded emulator's loopback URL (for its test hooks, e.g. fault injection). */
  emulatorUrl: string;
  /** Moves the server's clock forward by 6 minutes (see support/clock.mjs). */
  advanceClock(): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A fresh console API (with its embedded emulator) per test: its own port, its own empty data
 * directory, a known first admin. Nothing is shared between journeys.
 */
export async function startConsoleServer(): Promise<ConsoleServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', new URL('./clock.mjs', import.meta.url).pathname, 'apps/api/dist/server.js'],
    {
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        CONSOLE_ADMIN_USERNAME: ADMIN.username,
        CONSOLE_ADMIN_PASSWORD: ADMIN.password,
        CONSOLE_ADMIN_PHONE: ADMIN.phone,
        RAM_ENDPOINT: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const waiters: Array<{ re: RegExp; resolve: (m: RegExpMatchArray) => void }> = [];
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of [...waiters]) {
      const m = out.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const waitFor = (re: RegExp, what: string) =>
    Promise.race([
      new Promise<RegExpMatchArray>((resolve) => {
        const m = out.match(re);
        if (m) resolve(m);
        else waiters.push({ re, resolve });
      }),
      exited.then((code) => {
        throw new Error(`console API exited (${code}) before ${what}:\n${out}`);
      }),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`timed out waiting for ${what}:\n${out}`)), 30_000),
      ),
    ]);

  const [, url] = await waitFor(
    /ram-console listening on (http:\/\/127\.0\.0\.1:\d+)/,
    'listening',
  );
  const [, emulatorUrl] = await waitFor(
    /embedded emulator at (http:\/\/127\.0\.0\.1:\d+)/,
    'the emulator URL',
  );
  let advances = 0;
  return {
    url: url!,
    emulatorUrl: emulatorUrl!,
    output: () => out,
    async advanceClock() {
      advances += 1;
      child.kill('SIGUSR2');
      await waitFor(new RegExp(`e2e clock advanced to \\+${advances * 6} min`), 'the clock');
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
