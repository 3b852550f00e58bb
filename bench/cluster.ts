/**
 * Several console instances with real processes, as a team runs them behind a load balancer:
 * the compiled API (`apps/api/dist/server.js`) N times on one PostgreSQL database, the emulator
 * CLI (`packages/ram-emulator/dist/cli.js`) in its own process as RAM and Dysmsapi, and a small
 * round-robin proxy on loopback in front of the instances. Shared by the cluster tests
 * (apps/api/test/cluster/) and the bench's H1 and H2 (bench/h-cluster.ts); `tsc -b` builds the
 * server and the emulator (`npm test` and `npm run bench` both build first).
 *
 * The proxy behaves like the load balancers docs/deploy.md describes: it appends the client's
 * address to `X-Forwarded-For` (the instances trust loopback, TRUST_PROXY), drops hop-by-hop
 * headers both ways (a client's connection stays alive; each request upstream gets a connection
 * of its own), keeps `Host` (PUBLIC_URL names the proxy), polls `GET /api/health/ready` and sends
 * new requests only to instances that answer 200, and tries the next instance when a connection
 * is refused (nothing was sent yet). A request whose instance dies while answering is cut, as it would be behind a
 * real load balancer; the proxy counts those apart from the answers it relayed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killOnExit } from './children.js';
import { startRamCallCounter, type RamCallCounter } from './ram-call-counter.js';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
export const serverJs = root('apps/api/dist/server.js');
const emulatorJs = root('packages/ram-emulator/dist/cli.js');

export const ADMIN = {
  username: 'admin',
  password: 'cluster-admin-pass-1',
  phone: '+8613800138000',
};
/** The same on every instance (codes are HMACs with it; a code sent by A is confirmed on B). */
export const SECRET_KEY = 'cluster-console-secret-key-0123456789abcdef';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Proc {
  child: ChildProcess;
  output(): string;
  exited: Promise<Exit>;
}

function spawnNode(args: string[], env: Record<string, string>, dir: string): Proc {
  const child = killOnExit(
    spawn(process.execPath, args, {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

async function waitForLine(p: Proc, re: RegExp, what: string, ms = 60_000): Promise<string> {
  let gone = false;
  void p.exited.then(() => (gone = true));
  const end = Date.now() + ms;
  for (;;) {
    const m = re.exec(p.output());
    if (m) return m[1]!;
    if (gone) throw new Error(`${what} exited before it was ready:\n${p.output()}`);
    if (Date.now() > end) throw new Error(`${what} not ready within ${ms} ms:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface Emulator {
  url: string;
  pid: number;
  /** The root pair the instances sign with. */
  root: { accessKeyId: string; accessKeySecret: string };
  /** Counts what reaches RAM (the instances' RAM_ENDPOINT points here). */
  counter: RamCallCounter;
  hook(method: string, path: string, body?: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test hooks answer free JSON
  /** The newest code texted to `phone`. */
  latestCode(phone: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startEmulator(): Promise<Emulator> {
  if (!existsSync(emulatorJs)) throw new Error(`${emulatorJs} is missing: run \`npx tsc -b\``);
  const dir = mkdtempSync(join(tmpdir(), 'ram-console-cluster-emu-'));
  const rootPair = {
    accessKeyId: `LTAI${randomBytes(10).toString('hex')}`,
    accessKeySecret: randomBytes(15).toString('hex'),
  };
  const p = spawnNode(
    [
      emulatorJs,
      '--port',
      '0',
      '--db',
      join(dir, 'ram.db'),
      // Dysmsapi's 1 per minute per number would slow the tests; the console's limits apply.
      '--no-sms-flow-control',
    ],
    {
      RAM_EMULATOR_ROOT_ACCESS_KEY_ID: rootPair.accessKeyId,
      RAM_EMULATOR_ROOT_ACCESS_KEY_SECRET: rootPair.accessKeySecret,
    },
    dir,
  );
  const url = await waitForLine(
    p,
    /ram-emulator listening on (http:\/\/127\.0\.0\.1:\d+)/,
    'emulator',
  );
  const counter = await startRamCallCounter(url);
  const hook = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(new URL(path, url), {
      method,
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
        : {}),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    url,
    pid: p.child.pid!,
    root: rootPair,
    counter,
    hook,
    async latestCode(phone) {
      const inbox = await hook('GET', `/__emulator/sms?phone=${encodeURIComponent(phone)}`);
      const code = inbox.messages[0]?.templateParam?.code;
      if (typeof code !== 'string') throw new Error(`no code texted to ${phone}`);
      return code;
    },
    async stop() {
      await counter.close();
      p.child.kill('SIGKILL');
      await p.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Instance extends Proc {
  name: string;
  url: string;
  dataDir: string;
}

export interface InstanceSettings {
  databaseUrl: string;
  emulator: Emulator;
  /** The load balancer's address: PUBLIC_URL of every instance. */
  publicUrl: string;
  env?: Record<string, string>;
  /** Another build of the server (an older release). */
  serverJs?: string;
  /**
   * RAM_ENDPOINT straight at the emulator instead of through its call counter (the bench: the
   * counter runs in the bench process, whose CPU the proxy needs).
   */
  ramDirect?: boolean;
}

/** The environment of one instance (real mode: RAM and Dysmsapi are the emulator process). */
export function instanceEnv(s: InstanceSettings, dataDir: string): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DATABASE_URL: s.databaseUrl,
    DATABASE_POOL_SIZE: '5',
    RAM_ENDPOINT: s.ramDirect ? s.emulator.url : `http://${s.emulator.counter.host}`,
    ALIBABA_CLOUD_ACCESS_KEY_ID: s.emulator.root.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: s.emulator.root.accessKeySecret,
    SMS_PROVIDER: 'aliyun',
    SMS_ENDPOINT: s.emulator.url,
    SMS_SIGN_NAME: 'RamConsole',
    SMS_TEMPLATE_CODE: 'SMS_100000001',
    SMS_NOTICE_TEMPLATE_CODE: 'SMS_100000002',
    CONSOLE_ADMIN_USERNAME: ADMIN.username,
    CONSOLE_ADMIN_PASSWORD: ADMIN.password,
    CONSOLE_ADMIN_PHONE: ADMIN.phone,
    CONSOLE_SECRET_KEY: SECRET_KEY,
    PUBLIC_URL: s.publicUrl,
    TRUST_PROXY: 'loopback',
    SHUTDOWN_GRACE_SECONDS: '0',
    // Password hashes at N=2^12 as in every suite (allowed: RAM is on loopback).
    INSECURE_TEST_PASSWORD_HASHING: '1',
    ...s.env,
  };
}

/** Spawns one instance; `ready()` resolves once it listens. */
export function spawnInstance(
  name: string,
  s: InstanceSettings,
): { proc: Proc; dataDir: string; ready: () => Promise<Instance> } {
  const dataDir = mkdtempSync(join(tmpdir(), `ram-console-cluster-${name}-`));
  const proc = spawnNode([s.serverJs ?? serverJs], instanceEnv(s, dataDir), dataDir);
  return {
    proc,
    dataDir,
    ready: async () => {
      const url = await waitForLine(
        proc,
        /ram-console listening on (http:\/\/127\.0\.0\.1:\d+)/,
        `instance ${name}`,
      );
      return { ...proc, name, url, dataDir };
    },
  };
}

export async function startInstance(name: string, s: InstanceSettings): Promise<Instance> {
  if (!existsSync(serverJs)) throw new Error(`${serverJs} is missing: run \`npx tsc -b\``);
  return spawnInstance(name, s).ready();
}

export interface Proxy {
  url: string;
  /** Instances behind it, in round-robin order. */
  setBackends(urls: string[]): void;
  /** Which backends the readiness probe currently sends traffic to. */
  ready(): string[];
  stats: {
    relayed: number;
    relayed5xx: number;
    cut: number;
    noBackend: number;
    /** Answers relayed, by backend URL. */
    byBackend: Record<string, number>;
  };
  close(): Promise<void>;
}

/** Header naming one backend by index (tests only; stripped before forwarding). */
export const PIN_HEADER = 'x-test-backend';

/** Headers of one connection, not forwarded by a proxy (RFC 9110 §7.6.1). */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

export async function startProxy(opts: { probeMs?: number } = {}): Promise<Proxy> {
  let backends: string[] = [];
  const healthy = new Set<string>();
  let next = 0;
  const stats: Proxy['stats'] = { relayed: 0, relayed5xx: 0, cut: 0, noBackend: 0, byBackend: {} };

  const probe = async () => {
    await Promise.all(
      backends.map(async (b) => {
        try {
          const res = await fetch(new URL('/api/health/ready', b), {
            signal: AbortSignal.timeout(1000),
          });
          await res.arrayBuffer();
          if (res.status === 200) healthy.add(b);
          else healthy.delete(b);
        } catch {
          healthy.delete(b);
        }
      }),
    );
  };
  let probing = true;
  const probeLoop = (async () => {
    while (probing) {
      await probe();
      await new Promise((r) => setTimeout(r, opts.probeMs ?? 100));
    }
  })();

  const pick = (exclude: Set<string>): string | undefined => {
    const candidates = backends.filter((b) => healthy.has(b) && !exclude.has(b));
    if (candidates.length === 0) return undefined;
    return candidates[next++ % candidates.length];
  };

  const forward = (
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
    target: string,
    tried: Set<string>,
    pinned: boolean,
  ) => {
    const peer = req.socket.remoteAddress ?? '';
    const headers: OutgoingHttpHeaders = { ...req.headers };
    delete headers[PIN_HEADER];
    for (const h of HOP_BY_HOP) delete headers[h];
    const xff = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = xff ? `${String(xff)}, ${peer}` : peer;
    const t = new URL(target);
    let sent = false;
    const upstream = httpRequest(
      {
        host: t.hostname,
        port: t.port,
        method: req.method,
        path: req.url,
        headers,
        agent: false,
      },
      (answer) => {
        // The instance's own `Connection: close` (one connection per request upstream) must not
        // end the client's keep-alive connection to the proxy.
        const answerHeaders: OutgoingHttpHeaders = { ...answer.headers };
        for (const h of HOP_BY_HOP) delete answerHeaders[h];
        res.writeHead(answer.statusCode ?? 502, answerHeaders);
        answer.pipe(res);
        answer.on('end', () => {
          stats.relayed++;
          stats.byBackend[target] = (stats.byBackend[target] ?? 0) + 1;
          if ((answer.statusCode ?? 0) >= 500) stats.relayed5xx++;
        });
        answer.on('close', () => {
          if (answer.complete) return;
          // The instance died while answering.
          stats.cut++;
          res.destroy();
        });
      },
    );
    upstream.on('socket', (s) => s.once('connect', () => (sent = true)));
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (!sent && err.code === 'ECONNREFUSED' && !pinned) {
        // Nothing reached the instance: like a load balancer, try the next one.
        healthy.delete(target);
        tried.add(target);
        const other = pick(tried);
        if (other) return forward(req, body, res, other, tried, false);
      }
      if (res.headersSent) {
        stats.cut++;
        res.destroy();
      } else if (sent) {
        // The instance took the request and died before answering: the client's connection is
        // cut (what a load balancer does for a request it must not replay).
        stats.cut++;
        res.destroy();
      } else {
        stats.noBackend++;
        res.writeHead(502, { 'content-type': 'text/plain' }).end('no instance answered');
      }
    });
    upstream.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const pin = req.headers[PIN_HEADER];
      if (typeof pin === 'string') {
        const target = backends[Number(pin)];
        if (!target) return res.writeHead(400).end(`no backend ${pin}`);
        return forward(req, body, res, target, new Set(), true);
      }
      const target = pick(new Set());
      if (!target) {
        stats.noBackend++;
        return res.writeHead(503, { 'content-type': 'text/plain' }).end('no instance is ready');
      }
      forward(req, body, res, target, new Set([target]), false);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setBackends(urls) {
      backends = [...urls];
      for (const b of [...healthy]) if (!backends.includes(b)) healthy.delete(b);
    },
    ready: () => backends.filter((b) => healthy.has(b)),
    stats,
    async close() {
      probing = false;
      await probeLoop;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `cond` every 20 ms until it holds. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
