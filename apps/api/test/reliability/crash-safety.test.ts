import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { Client, emulatorHook, startRealServer, until, type RealServer } from './real-server.js';

const running = new Set<RealServer>();
afterEach(() => {
  for (const s of running)
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  running.clear();
});

let database: TestDatabase;

async function start(dataDir: string, env: Record<string, string> = {}) {
  const s = await startRealServer(dataDir, { ...database.env, ...env });
  running.add(s);
  return s;
}

/** Does a brand-new TCP connection to this URL get accepted? */
function accepts(url: string): Promise<boolean> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A GET over a keep-alive connection, as a browser sends it: the server must still end the socket
 * after the answer when it is shutting down, or close() would wait for the keep-alive timeout.
 */
function getOnce(url: string, cookie: string): Promise<{ status: number; body: string }> {
  const agent = new Agent({ keepAlive: true });
  return new Promise((resolve, reject) => {
    const req = get(url, { agent, headers: { cookie } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe('crash safety of the real server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-crash-'));
  beforeAll(async () => {
    database = await freshDatabase(dataDir);
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Real processes, several sign-ins and operator creations (scrypt at N=2^17 each) and phone
  // verifications: well over the default 30 s on a busy 2-core machine.
  it(
    'kill -9 in the middle of a flow: after a restart on the same DATA_DIR, sessions, operators, audit and the pending verification are intact',
    { timeout: 120_000 },
    async () => {
      const first = await start(dataDir);
      const admin = new Client(first.url);
      await admin.signIn();
      const createTicket = await admin.confirm(
        await admin.startVerificationFor(first.emulatorUrl, {
          action: 'CreateOperator',
          operator: 'ops-two',
        }),
      );
      const created = await admin.request('POST', '/api/operators', {
        ticket: createTicket,
        body: {
          username: 'ops-two',
          password: 'ops-two-password-1',
          role: 'admin',
          phone: '+8613800000042',
        },
      });
      expect(created.status).toBe(201);
      const auditBefore = (await admin.request('GET', '/api/audit-events')).body.events;
      expect(auditBefore).toContainEqual(
        expect.objectContaining({ action: 'CreateOperator', targetOperator: 'ops-two' }),
      );
      // Mid-flow: a code sent but not yet confirmed, and a RAM call in flight.
      const pendingVerification = await admin.startVerification(
        first.emulatorUrl,
        'CreateAccessKey',
        'alice',
      );
      await emulatorHook(first.emulatorUrl, 'POST', '/__emulator/faults', {
        action: 'ListAccessKeys',
        kind: 'delay',
        delayMs: 5000,
        count: 1,
      });
      const inFlight = admin.request('GET', '/api/users/alice/access-keys').then(
        (r) => r.status,
        () => 'connection lost' as const,
      );
      await until(
        async () =>
          (await emulatorHook(first.emulatorUrl, 'GET', '/__emulator/faults')).faults.length === 0,
        'the slow call to reach RAM',
      );

      first.child.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(await inFlight).toBe('connection lost');

      // The database is whole (SQLite: WAL replayed on open; PostgreSQL: no transaction of the
      // killed process left open, the rows committed before the kill readable).
      if (database.dialect === 'sqlite') {
        const db = new Database(database.location);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        db.close();
      } else {
        const client = new pg.Client({ connectionString: database.location });
        await client.connect();
        await until(
          async () =>
            (
              await client.query(
                "select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'ram-console'",
              )
            ).rows[0].n === 0,
          "the killed process's connections to end",
        );
        const ops = await client.query('select username from operators order by username');
        expect(ops.rows.map((r) => r.username)).toEqual(['admin', 'ops-two']);
        await client.end();
      }

      const second = await start(dataDir);
      admin.base = second.url;
      // Same session (no new sign-in), same CSRF token.
      const me = await admin.request('GET', '/api/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.operator.username).toBe('admin');
      expect(me.body.csrfToken).toBe(admin.csrf);
      const operators = (await admin.request('GET', '/api/operators')).body.operators;
      expect(operators.map((o: { username: string }) => o.username).sort()).toEqual([
        'admin',
        'ops-two',
      ]);
      const auditAfter = (await admin.request('GET', '/api/audit-events')).body.events;
      expect(auditAfter).toEqual(expect.arrayContaining(auditBefore));
      // The flow picks up where it stopped: the code sent before the crash still confirms.
      const ticket = await admin.confirm(pendingVerification);
      const key = await admin.request('POST', '/api/users/alice/access-keys', { ticket });
      expect(key.status).toBe(201);
      // The new operator can sign in on the restarted server.
      const two = new Client(second.url);
      await two.signIn('ops-two', 'ops-two-password-1');

      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    },
  );

  it('SIGTERM: the request in flight completes with 200, new connections are refused, exit 0', async () => {
    const s = await start(dataDir);
    const admin = new Client(s.url);
    await admin.signIn();
    await emulatorHook(s.emulatorUrl, 'POST', '/__emulator/faults', {
      action: 'ListAccessKeys',
      kind: 'delay',
      delayMs: 2500,
      count: 1,
    });
    let finished = false;
    const inFlight = getOnce(
      new URL('/api/users/bob/access-keys', s.url).href,
      admin.cookie,
    ).finally(() => (finished = true));
    await until(
      async () =>
        (await emulatorHook(s.emulatorUrl, 'GET', '/__emulator/faults')).faults.length === 0,
      'the slow call to reach RAM',
    );

    s.child.kill('SIGTERM');
    // The listener closes at once…
    await until(async () => !(await accepts(s.url)), 'the listener to close');
    // …while the slow request is still being served, and it then completes normally.
    expect(finished).toBe(false);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(Array.isArray(JSON.parse(res.body).accessKeys)).toBe(true);
    expect(await s.exited).toEqual({ code: 0, signal: null });
  });

  it('SIGTERM with a grace period: unready at once, still serving while the load balancer notices, then the request in flight completes and the process exits 0', async () => {
    const s = await start(dataDir, { SHUTDOWN_GRACE_SECONDS: '4' });
    const admin = new Client(s.url);
    await admin.signIn();
    expect((await admin.request('GET', '/api/health/ready')).status).toBe(200);
    // A slow RAM call that will still be running when the grace period ends.
    await emulatorHook(s.emulatorUrl, 'POST', '/__emulator/faults', {
      action: 'ListAccessKeys',
      kind: 'delay',
      delayMs: 6000,
      count: 1,
    });
    const inFlight = getOnce(new URL('/api/users/bob/access-keys', s.url).href, admin.cookie);
    await until(
      async () =>
        (await emulatorHook(s.emulatorUrl, 'GET', '/__emulator/faults')).faults.length === 0,
      'the slow call to reach RAM',
    );
    const signalled = Date.now();
    s.child.kill('SIGTERM');
    await until(
      async () => (await admin.request('GET', '/api/health/ready')).status === 503,
      'readiness to turn 503',
    );
    const ready = await admin.request('GET', '/api/health/ready');
    expect(ready.body).toEqual({ status: 'draining' });
    // During the grace period new connections are accepted and served as usual.
    expect(await accepts(s.url)).toBe(true);
    expect((await admin.request('GET', '/api/auth/me')).status).toBe(200);
    expect(Date.now() - signalled).toBeLessThan(4000);
    // Then the listener closes…
    await until(async () => !(await accepts(s.url)), 'the listener to close');
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(4000);
    // …and the request that was in flight still gets its full answer.
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(Array.isArray(JSON.parse(res.body).accessKeys)).toBe(true);
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(s.output()).toContain('draining: readiness answers 503');
  });
});
