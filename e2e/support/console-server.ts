import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN = {
  username: 'admin',
  password: 'e2e-admin-password-1234',
  phone: '+8613800138000',
} as const;

/** Server settings (environment variables of apps/api, see .env.example) a journey chooses. */
export type ServerSettings = Readonly<Record<string, string>>;
const execFileAsync = promisify(execFile);

export interface ConsoleServer {
  url: string;
  /** The embedded emulator's loopback URL (for its test hooks, e.g. fault injection). */
  emulatorUrl: string;
  /**
   * Moves the server's clock (the API's, and the dates its emulator records) forward through the
   * loopback test channel `POST /api/__test/clock`; resolves with the server's new time.
   */
  advanceClock(ms: number): Promise<Date>;
  /**
   * Adds an operator with the operator CLI (`npm run operator -- add`, the break-glass path) on
   * the server's DATA_DIR: test data that costs no phone verification of the journey's admin.
   */
  addOperator(op: {
    username: string;
    password: string;
    role: 'admin' | 'member';
    phone: string;
    ramUserName?: string;
  }): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

// Only what Node needs from the runner's environment: a setting exported in the shell that runs
// the tests (CONSOLE_FLOW, KEY_MAX_AGE_DAYS…) must not change what a journey sees.
const PASS_THROUGH = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'SystemRoot'];

/**
 * A fresh console API (with its embedded emulator) per test: its own port, its own empty data
 * directory, a known first admin, the test channel on, and the settings the journey asked for.
 * Nothing is shared between journeys.
 */
export async function startConsoleServer(settings: ServerSettings = {}): Promise<ConsoleServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-e2e-'));
  const inherited = Object.fromEntries(
    PASS_THROUGH.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])),
  );
  const child: ChildProcess = spawn(process.execPath, ['apps/api/dist/server.js'], {
    env: {
      ...inherited,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      CONSOLE_ADMIN_USERNAME: ADMIN.username,
      CONSOLE_ADMIN_PASSWORD: ADMIN.password,
      CONSOLE_ADMIN_PHONE: ADMIN.phone,
      CONSOLE_TEST_HOOKS: 'true',
      // No load balancer to wait for: SIGTERM drains at once.
      SHUTDOWN_GRACE_SECONDS: '0',
      ...settings,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  return {
    url: url!,
    emulatorUrl: emulatorUrl!,
    output: () => out,
    async advanceClock(ms: number) {
      const res = await fetch(new URL('/api/__test/clock', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs: ms }),
      });
      const body = (await res.json()) as { now?: string };
      if (!res.ok || !body.now) {
        throw new Error(`the test clock did not move (${res.status}): ${JSON.stringify(body)}`);
      }
      return new Date(body.now);
    },
    async addOperator(op) {
      await execFileAsync(
        process.execPath,
        [
          'apps/api/dist/cli/operator.js',
          'add',
          op.username,
          '--role',
          op.role,
          '--phone',
          op.phone,
          '--password',
          op.password,
          ...(op.ramUserName ? ['--ram-user', op.ramUserName] : []),
        ],
        { env: { PATH: process.env.PATH, DATA_DIR: dataDir } },
      );
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
