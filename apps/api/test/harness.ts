import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEmulator } from '@ram-console/ram-emulator';
import { startRamCallCounter, type RamCallCounter } from '../../../bench/ram-call-counter.js';
import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Db } from '../src/db/index.js';
import { connect } from '../src/ram-target.js';
import { freshDatabase, type TestDatabase } from './support/database.js';

export const ADMIN = { username: 'admin', password: 'admin-password-123', phone: '+8613800000001' };
export const MEMBER = {
  username: 'mia',
  password: 'member-password-123',
  phone: '+8613800000002',
  ramUserName: 'alice',
};

/** Each query's answer arrives in a later macrotask (see `networkedDb`). */
const roundTrip: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => {
    await new Promise((resolve) => setImmediate(resolve));
    return args.result;
  },
};

/** A clock tests move by hand (no sleeps). */
export class TestClock {
  t = Date.now();
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Response {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON freely
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
}

/** A signed-in browser: keeps the session cookie and the CSRF token. */
export class Agent {
  cookie: string | undefined;
  csrfToken: string | undefined;
  /** The instance this browser talks to (default: the harness's app); `use` switches it. */
  instance: FastifyInstance | undefined;
  constructor(private readonly h: Harness) {}

  /** Send the next requests to another instance (same cookie and CSRF token). */
  use(instance: FastifyInstance): this {
    this.instance = instance;
    return this;
  }

  async request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    opts: {
      body?: unknown;
      ticket?: string;
      csrf?: boolean;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && opts.csrf !== false && this.csrfToken)
      headers['x-csrf-token'] = this.csrfToken;
    if (opts.ticket) headers['x-verification-ticket'] = opts.ticket;
    const res = await (this.instance ?? this.h.app).inject({
      method,
      url,
      headers,
      ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
    });
    const setCookie = res.headers['set-cookie'];
    const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    // `__Host-ram_console_session` when PUBLIC_URL is https, the plain name on http loopback.
    if (first && /^(__Host-)?ram_console_session=/.test(first)) {
      const value = first.split(';')[0]!;
      this.cookie = value.endsWith('=') ? undefined : value;
    }
    let body: unknown;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.statusCode, body, headers: res.headers, text: res.body };
  }

  async signIn(username: string, password: string): Promise<Response> {
    const res = await this.request('POST', '/api/auth/login', { body: { username, password } });
    if (res.status === 200) this.csrfToken = res.body.csrfToken;
    return res;
  }

  /** Send a code, read it from the emulator's inbox, confirm it: a ticket. */
  async verify(action: string, userName?: string): Promise<string> {
    return this.verifyFor(userName ? { action, userName } : { action });
  }

  /** A ticket for an operator action, bound to `operator`. */
  async verifyOperator(action: string, operator: string): Promise<string> {
    return this.verifyFor({ action, operator });
  }

  async verifyFor(body: {
    action: string;
    userName?: string;
    operator?: string;
    accessKeyId?: string;
  }) {
    // Stay inside the 5-codes-per-hour and 60 s resend rules by moving the console's clock.
    this.h.clock.advance(13 * 60_000);
    const started = await this.request('POST', '/api/verifications', { body });
    if (started.status !== 201)
      throw new Error(`verification start: ${started.status} ${started.text}`);
    const me = await this.request('GET', '/api/auth/me');
    const code = await this.h.latestCode(me.body.operator.username);
    const confirmed = await this.request(
      'POST',
      `/api/verifications/${started.body.verificationId}/confirm`,
      { body: { code } },
    );
    if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${confirmed.text}`);
    this.h.issuedTickets.push(confirmed.body.ticket);
    return confirmed.body.ticket;
  }
}

export interface Harness {
  app: FastifyInstance;
  emulator: FastifyInstance;
  emulatorUrl: string;
  db: Db;
  /** The console database: SQLite in dataDir or a PostgreSQL database of its own (by project). */
  database: TestDatabase;
  dataDir: string;
  clock: TestClock;
  logLines: string[];
  /** Every ticket Agent.verify obtained (for the no-secrets-in-logs check). */
  issuedTickets: string[];
  /** With `countRamCalls`: the SDK calls that reached the emulator, by action. */
  ramCalls: RamCallCounter | undefined;
  phones: Record<string, string>;
  agent(): Agent;
  signedIn(who: 'admin' | 'member'): Promise<Agent>;
  /** Signs in as any operator (e.g. one a test created); throws unless 200. */
  signedInAs(username: string, password: string): Promise<Agent>;
  latestCode(operatorUsername: string): Promise<string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON freely
  emulatorHook(method: string, path: string, body?: unknown): Promise<any>;
  /**
   * Another console instance on the same database, RAM and clock (its own connection pool), as
   * a second process behind the load balancer would be. Closed with the harness.
   */
  anotherInstance(opts?: { webRoot?: string }): Promise<FastifyInstance>;
  /** Close and rebuild the API over the same database (and the same emulator). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  opts: {
    timeouts?: { readTimeoutMs: number; connectTimeoutMs: number };
    rateLimits?: { loginPerMinutePerIp?: number; codeRoutesPerMinutePerIp?: number };
    env?: Record<string, string>;
    /** A built SPA to serve (default: none). */
    webRoot?: string;
    /**
     * The emulator's clock (its `now` option: createDate, LastUsedDate). Keep it within RAM's
     * 15-minute window of the real time: the SDK signs with the real time.
     */
    ramClock?: TestClock;
    /** Route the console's RAM calls through a counting pass-through (bench/ram-call-counter). */
    countRamCalls?: boolean;
    /** Register the loopback test channel (CONSOLE_TEST_HOOKS), moving `clock`. */
    testHooks?: boolean;
    /**
     * Every query answers in a later turn of the event loop, as a database over the network
     * (PostgreSQL) does: better-sqlite3 answers synchronously, so a whole request otherwise runs
     * in one turn and a check-then-act race never shows in one process.
     */
    networkedDb?: boolean;
  } = {},
): Promise<Harness> {
  const emulator = await buildEmulator({
    smsFlowControl: false,
    ...(opts.ramClock ? { now: opts.ramClock.now } : {}),
  });
  const emulatorUrl = await emulator.listen({ host: '127.0.0.1', port: 0 });
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-api-'));
  // inject() sends `Host: localhost:80`: the public origin tests address unless they say otherwise.
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    PUBLIC_URL: 'http://localhost',
    ...opts.env,
  });
  const { port } = new URL(emulatorUrl);
  const ramCalls = opts.countRamCalls ? await startRamCallCounter(emulatorUrl) : undefined;
  const clock = new TestClock();
  // A restart is a new process: a new connection, with none of the old one's caches (the
  // account's alias, last use).
  const connectRam = () =>
    connect(config, {
      emulator: {
        endpoint: { host: ramCalls?.host ?? `127.0.0.1:${port}`, protocol: 'http' },
        credentials: emulator.emulator.rootCredentials,
      },
      ...(opts.timeouts ? { timeouts: opts.timeouts } : {}),
      readRetryDelaysMs: [10, 20],
      throttleBaseDelayMs: 5,
      // The last-used cache runs on the console's test clock: its window passes only when a test
      // moves the clock.
      now: () => clock.t,
    });
  let connection = connectRam();
  const logLines: string[] = [];
  const logStream = { write: (line: string) => void logLines.push(line) };
  const build = async (db: Db, webRoot = opts.webRoot ?? join(dataDir, 'no-spa')) =>
    buildApp({
      config,
      db: opts.networkedDb ? db.withPlugin(roundTrip) : db,
      ram: connection.ram,
      sms: connection.sms,
      emulatorUrl,
      consoleAccessKeyId: connection.consoleAccessKeyId,
      now: clock.now,
      ...(opts.testHooks
        ? {
            testClock: {
              now: clock.now,
              advance: async (ms: number) => {
                clock.advance(ms);
                return clock.now();
              },
            },
          }
        : {}),
      logStream,
      webRoot,
      rateLimits: {
        loginPerMinutePerIp: 10_000,
        codeRoutesPerMinutePerIp: 10_000,
        ...opts.rateLimits,
      },
    });

  const database = await freshDatabase(dataDir);
  let db = await openDatabase(database.location);
  const others: { app: FastifyInstance; db: Db }[] = [];
  let app = await build(db);
  await app.services.operators.create({ ...ADMIN, role: 'admin' });
  await app.services.operators.create({ ...MEMBER, role: 'member' });
  for (const u of [
    { userName: 'alice', displayName: 'Alice' },
    { userName: 'bob', displayName: 'Bob' },
  ]) {
    await connection.ram.createUser(u);
  }

  const h: Harness = {
    get app() {
      return app;
    },
    emulator,
    emulatorUrl,
    get db() {
      return db;
    },
    database,
    dataDir,
    clock,
    logLines,
    issuedTickets: [],
    ramCalls,
    phones: { [ADMIN.username]: ADMIN.phone, [MEMBER.username]: MEMBER.phone },
    agent: () => new Agent(h),
    async signedIn(who) {
      const a = new Agent(h);
      const cred = who === 'admin' ? ADMIN : MEMBER;
      const res = await a.signIn(cred.username, cred.password);
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
      return a;
    },
    async signedInAs(username, password) {
      const a = new Agent(h);
      const res = await a.signIn(username, password);
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
      return a;
    },
    async latestCode(operatorUsername) {
      const phone = h.phones[operatorUsername]!.replace(/^\+/, '');
      const inbox = await h.emulatorHook(
        'GET',
        `/__emulator/sms?phone=${encodeURIComponent(phone)}`,
      );
      const code = inbox.messages?.[0]?.templateParam?.code;
      if (!code) throw new Error(`no SMS for ${phone}: ${JSON.stringify(inbox)}`);
      return code;
    },
    async emulatorHook(method, path, body) {
      const res = await fetch(new URL(path, emulatorUrl), {
        method,
        ...(body !== undefined
          ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
          : {}),
      });
      const text = await res.text();
      return text ? JSON.parse(text) : null;
    },
    async anotherInstance(other_ = {}) {
      const otherDb = await openDatabase(database.location);
      const other = await build(otherDb, other_.webRoot);
      others.push({ app: other, db: otherDb });
      return other;
    },
    async restart() {
      await app.close();
      await db.destroy();
      db = await openDatabase(database.location);
      connection = connectRam();
      app = await build(db);
    },
    async close() {
      for (const o of others.splice(0)) {
        await o.app.close();
        await o.db.destroy();
      }
      await app.close();
      await db.destroy();
      await ramCalls?.close();
      await emulator.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}
