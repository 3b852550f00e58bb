/**
 * The cluster tests' client side: a browser-like client through the proxy, the operator CLI, and
 * the processes themselves (instances, emulator, proxy), which live in bench/cluster.ts because
 * the bench's H1 and H2 start the same set-up.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ADMIN, PIN_HEADER, type Emulator } from '../../../../bench/cluster.js';

export * from '../../../../bench/cluster.js';

const operatorJs = fileURLToPath(
  new URL('../../../../apps/api/dist/cli/operator.js', import.meta.url),
);

/** `npm run operator` against the cluster's database (the break-glass CLI). */
export async function addOperator(
  databaseUrl: string,
  op: { username: string; password: string; phone: string; role?: 'admin' | 'member' },
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ram-console-cluster-cli-'));
  try {
    await promisify(execFile)(
      process.execPath,
      [
        operatorJs,
        'add',
        op.username,
        '--role',
        op.role ?? 'admin',
        '--phone',
        op.phone,
        '--password',
        op.password,
      ],
      { env: { PATH: process.env.PATH ?? '', DATA_DIR: dir, DATABASE_URL: databaseUrl } },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A browser-like client of the console through the proxy: its own address (X-Forwarded-For, so
 * per-address limits of one test do not touch another's), the session cookie, the CSRF token.
 */
export class Client {
  cookie = '';
  csrf = '';
  constructor(
    public base: string,
    public address: string,
  ) {}
  async request(
    method: string,
    path: string,
    opts: { body?: unknown; ticket?: string; instance?: number } = {},
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON freely
  ): Promise<{ status: number; body: any; text: string }> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.address };
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
    if (opts.ticket) headers['x-verification-ticket'] = opts.ticket;
    if (opts.instance !== undefined) headers[PIN_HEADER] = String(opts.instance);
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
    return { status: res.status, body, text };
  }
  async signIn(username = ADMIN.username, password = ADMIN.password, instance?: number) {
    const res = await this.request('POST', '/api/auth/login', {
      body: { username, password },
      ...(instance !== undefined ? { instance } : {}),
    });
    if (res.status !== 200) throw new Error(`sign-in as ${username}: ${res.status} ${res.text}`);
    this.csrf = res.body.csrfToken;
  }
  /** Sends a code (through any instance) and confirms it: a ticket. */
  async ticket(
    emulator: Emulator,
    phone: string,
    target: { action: string; userName?: string },
    opts: { sendOn?: number; confirmOn?: number } = {},
  ): Promise<string> {
    const started = await this.request('POST', '/api/verifications', {
      body: target,
      ...(opts.sendOn !== undefined ? { instance: opts.sendOn } : {}),
    });
    if (started.status !== 201) throw new Error(`send: ${started.status} ${started.text}`);
    const code = await emulator.latestCode(phone);
    const confirmed = await this.request(
      'POST',
      `/api/verifications/${started.body.verificationId}/confirm`,
      { body: { code }, ...(opts.confirmOn !== undefined ? { instance: opts.confirmOn } : {}) },
    );
    if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${confirmed.text}`);
    return confirmed.body.ticket as string;
  }
}

export const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});
