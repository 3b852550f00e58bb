/**
 * The compiled console API as `npm start` runs it (`node apps/api/dist/server.js`, embedded
 * emulator, PORT=0), for the tests that need a real process: kill -9, SIGTERM, what it prints.
 * `tsc -b` builds dist/ before the unit tests in `npm test`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { killOnExit } from '../../../../bench/children.js';

export const serverJs = fileURLToPath(new URL('../../dist/server.js', import.meta.url));
export const ADMIN = {
  username: 'admin',
  password: 'reliability-admin-pass-1',
  phone: '+8613800138000',
};

export interface RealServer {
  child: ChildProcess;
  url: string;
  /** The in-process emulator's address (its test hooks: SMS inbox, faults). */
  emulatorUrl: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startRealServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<RealServer> {
  if (!existsSync(serverJs)) throw new Error(`${serverJs} is missing: run \`npx tsc -b\` first`);
  const child = killOnExit(
    spawn(process.execPath, [serverJs], {
      env: {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        CONSOLE_ADMIN_USERNAME: ADMIN.username,
        CONSOLE_ADMIN_PASSWORD: ADMIN.password,
        CONSOLE_ADMIN_PHONE: ADMIN.phone,
        // No load balancer to wait for: SIGTERM drains at once (a test sets a grace to test it).
        SHUTDOWN_GRACE_SECONDS: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  const until = Date.now() + 30_000;
  for (;;) {
    const url = /ram-console listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    const emulatorUrl = /RAM: embedded emulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    if (url && emulatorUrl) return { child, url, emulatorUrl, output: () => out, exited };
    if (gone) throw new Error(`server exited before listening:\n${out}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A browser-like client: the session cookie and CSRF token. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(public base: string) {}
  async request(method: string, path: string, opts: { body?: unknown; ticket?: string } = {}) {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (opts.ticket) headers['x-verification-ticket'] = opts.ticket;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(new URL(path, this.base), {
      method,
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    const setCookie = res.headers.get('set-cookie');
    if (setCookie?.startsWith('ram_console_session=')) this.cookie = setCookie.split(';')[0]!;
    let body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read JSON freely
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, body, text, headers: res.headers };
  }
  async signIn(username = ADMIN.username, password = ADMIN.password) {
    const res = await this.request('POST', '/api/auth/login', { body: { username, password } });
    if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${res.text}`);
    this.csrf = res.body.csrfToken;
  }
  /** Start a verification and read its code from the embedded emulator's inbox. */
  async startVerification(emulatorUrl: string, action: string, userName?: string) {
    return this.startVerificationFor(emulatorUrl, userName ? { action, userName } : { action });
  }
  /** The same for any target, e.g. `{action: 'CreateOperator', operator: 'ops-two'}`. */
  async startVerificationFor(
    emulatorUrl: string,
    body: { action: string; userName?: string; operator?: string },
  ) {
    const started = await this.request('POST', '/api/verifications', { body });
    if (started.status !== 201) throw new Error(`verification: ${started.status} ${started.text}`);
    const inbox = await fetch(
      new URL(`/__emulator/sms?phone=${ADMIN.phone.replace('+', '')}`, emulatorUrl),
    ).then((r) => r.json() as Promise<{ messages: { templateParam: { code: string } }[] }>);
    return {
      id: started.body.verificationId as string,
      code: inbox.messages[0]!.templateParam.code,
    };
  }
  async confirm(v: { id: string; code: string }) {
    const res = await this.request('POST', `/api/verifications/${v.id}/confirm`, {
      body: { code: v.code },
    });
    if (res.status !== 200) throw new Error(`confirm: ${res.status} ${res.text}`);
    return res.body.ticket as string;
  }
}

export async function emulatorHook(
  emulatorUrl: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await fetch(new URL(path, emulatorUrl), {
    method,
    ...(body !== undefined
      ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
      : {}),
  });
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/** Polls `cond` every 20 ms until it holds (10 s at most). */
export async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
