/**
 * What every benchmark needs: the compiled console API and emulator as child processes on
 * 127.0.0.1 (fresh temp data dirs, PORT=0), an SDK client, percentiles. Everything here stops by
 * itself: children are killed when the bench process exits.
 */
import RamSdk from '@alicloud/ram20150501';
import * as OpenApi from '@alicloud/openapi-core';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killOnExit } from './children.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ADMIN = {
  username: 'admin',
  password: 'bench-admin-password-1234',
  phone: '+8613800138000',
};

export interface Figure {
  id: string;
  name: string;
  value: number | null;
  target: number;
  /** Which side of the target passes. */
  better: 'higher' | 'lower';
  unit: string;
  /** How it was measured, raw samples, or why it was not measured. */
  note: string;
}

export const passes = (f: Figure): boolean =>
  f.value !== null && (f.better === 'higher' ? f.value >= f.target : f.value <= f.target);

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

const alnum = (n: number) => {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(n)].map((b) => chars[b % chars.length]).join('');
};

/** A root pair for a bench-only emulator (never leaves this machine). */
export const newRootPair = () => ({ accessKeyId: `LTAI${alnum(20)}`, accessKeySecret: alnum(30) });

export interface Child {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resident set size of the process, in bytes (Linux /proc). */
  rss(): number;
  stop(): Promise<void>;
}

/** Spawns `node args…`, resolves once `ready` matches the output (30 s at most). */
export function spawnNode(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  cleanup: () => void = () => {},
): Promise<Child> {
  const child = killOnExit(
    spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    cleanup();
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${args.join(' ')} did not start:\n${out}`));
    }, 30_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      // Keep only the tail: a long run must not grow this string forever.
      if (out.length > 200_000) out = out.slice(-100_000);
      const m = ready.exec(out);
      if (m && timer) {
        clearTimeout(timer);
        resolve({
          child,
          url: m[1]!,
          output: () => out,
          rss: () => {
            const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
            return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
          },
          stop,
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited ${code}:\n${out}`));
    });
  });
}

/** The emulator CLI (compiled), in its own process, with a known root pair. */
export async function startEmulator(
  root: { accessKeyId: string; accessKeySecret: string },
  maxUsers = 1000,
): Promise<Child> {
  const dir = mkdtempSync(join(tmpdir(), 'ram-console-bench-emu-'));
  return spawnNode(
    [
      'packages/ram-emulator/dist/cli.js',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--db',
      join(dir, 'ram.db'),
      '--max-users',
      String(maxUsers),
      '--no-sms-flow-control',
    ],
    {
      RAM_EMULATOR_ROOT_ACCESS_KEY_ID: root.accessKeyId,
      RAM_EMULATOR_ROOT_ACCESS_KEY_SECRET: root.accessKeySecret,
    },
    /ram-emulator listening on (http:\/\/127\.0\.0\.1:\d+)/,
    () => rmSync(dir, { recursive: true, force: true }),
  );
}

export interface ConsoleProcess extends Child {
  dataDir: string;
  /** Embedded mode only: the in-process emulator's address (its test hooks). */
  emulatorUrl: string | undefined;
}

/**
 * The compiled console API (`node apps/api/dist/server.js`) with a known first admin.
 * `ram` given: real mode against that endpoint (SMS codes only logged); else embedded.
 */
export async function startConsole(
  opts: {
    ram?: { endpoint: string; accessKeyId: string; accessKeySecret: string };
    /** CONSOLE_TEST_HOOKS: the loopback-only `POST /api/__test/clock` moves the server's clock. */
    testClock?: boolean;
    logLevel?: string;
    /** Extra node flags (--cpu-prof, --heapsnapshot-signal…) and environment. */
    nodeArgs?: string[];
    env?: Record<string, string>;
  } = {},
): Promise<ConsoleProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-bench-api-'));
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: opts.logLevel ?? 'warn',
    CONSOLE_ADMIN_USERNAME: ADMIN.username,
    CONSOLE_ADMIN_PASSWORD: ADMIN.password,
    CONSOLE_ADMIN_PHONE: ADMIN.phone,
    // No load balancer to wait for: SIGTERM drains at once.
    SHUTDOWN_GRACE_SECONDS: '0',
  };
  if (opts.ram) {
    env.RAM_ENDPOINT = opts.ram.endpoint;
    env.ALIBABA_CLOUD_ACCESS_KEY_ID = opts.ram.accessKeyId;
    env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = opts.ram.accessKeySecret;
    env.SMS_PROVIDER = 'log';
  }
  if (opts.testClock) env.CONSOLE_TEST_HOOKS = 'true';
  Object.assign(env, opts.env);
  const args = [...(opts.nodeArgs ?? []), 'apps/api/dist/server.js'];
  // The "RAM: …" line comes right after the URL: wait for both.
  const c = await spawnNode(
    args,
    env,
    /ram-console listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*RAM: /,
    () => rmSync(dataDir, { recursive: true, force: true }),
  );
  await waitFor(() => /RAM: .*\n/.test(c.output()), 'the RAM line');
  const emulatorUrl = /RAM: embedded emulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(c.output())?.[1];
  return { ...c, dataDir, emulatorUrl };
}

/** Polls a condition every 20 ms (10 s at most). */
export async function waitFor(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Signs in as the bench admin (or `who`): the session cookie and CSRF token. */
export async function signIn(
  url: string,
  who: { username: string; password: string } = ADMIN,
): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(new URL('/api/auth/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: who.username, password: who.password }),
  });
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const body = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: body.csrfToken };
}

export type RamClient = InstanceType<typeof RamSdk.default>;
export { RamSdk };

/** The official RAM SDK pointed at a loopback endpoint (V3 signing, as the console uses). */
export function ramClient(
  url: string,
  root: { accessKeyId: string; accessKeySecret: string },
): RamClient {
  return new RamSdk.default(
    new OpenApi.$OpenApiUtil.Config({
      ...root,
      endpoint: new URL(url).host,
      protocol: 'http',
      // Seeding 100,000 users on shared cores: the SDK's 3 s default read timeout is too short.
      readTimeout: 60_000,
      connectTimeout: 10_000,
    }),
  );
}

/** Runs `total` calls of `call` with `concurrency` in flight; returns calls per second. */
export async function callsPerSecond(
  call: () => Promise<unknown>,
  total: number,
  concurrency: number,
): Promise<number> {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await call();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - t0) / 1000);
}

/** Creates `n` RAM users named `${prefix}${i}` (zero-padded), `concurrency` at a time. */
export async function seedUsers(
  client: RamClient,
  prefix: string,
  n: number,
  concurrency = 32,
): Promise<void> {
  let i = 0;
  const width = String(n - 1).length;
  const worker = async () => {
    while (i < n) {
      const userName = `${prefix}${String(i++).padStart(width, '0')}`;
      await client.createUser(new RamSdk.CreateUserRequest({ userName, displayName: userName }));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
