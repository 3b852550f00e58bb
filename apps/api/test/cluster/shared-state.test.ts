/**
 * Two console instances (real processes) on one PostgreSQL database behind a round-robin proxy:
 * nothing that must be shared lives in one process. Requests either go round-robin through the
 * proxy or are pinned to one instance (the proxy's test header) when a test needs "A, then B".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/index.js';
import { hashPassword } from '../../src/lib/crypto.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import {
  ADMIN,
  Client,
  startEmulator,
  startInstance,
  startProxy,
  tally,
  type Emulator,
  type Instance,
  type Proxy,
  until,
} from './cluster.js';

/** Helper operators, each with a phone and an hourly budget of 5 codes of its own. */
const OPERATORS = Array.from({ length: 6 }, (_, i) => ({
  username: `ops${i}`,
  password: `ops${i}-password-123`,
  phone: `+86138000010${String(i).padStart(2, '0')}`,
}));

let lastAddress = 0;
/** A client address of its own (X-Forwarded-For): per-address limits stay within one test. */
const address = () => `10.20.${Math.floor(++lastAddress / 250)}.${(lastAddress % 250) + 1}`;

describe('cluster: two instances on one PostgreSQL share everything that must be shared', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-cluster-'));
  let database: TestDatabase;
  let db: Db;
  let emulator: Emulator;
  let proxy: Proxy;
  const instances: Instance[] = [];

  beforeAll(async () => {
    database = await freshDatabase(dataDir);
    [emulator, proxy] = await Promise.all([startEmulator(), startProxy()]);
    const settings = { databaseUrl: database.location, emulator, publicUrl: proxy.url };
    instances.push(
      ...(await Promise.all([startInstance('a', settings), startInstance('b', settings)])),
    );
    proxy.setBackends(instances.map((i) => i.url));
    db = await openDatabase(database.location, { poolSize: 2 });
    // Helper operators straight into the database (what the operator CLI writes, without six
    // more processes).
    const t = new Date().toISOString();
    for (const op of OPERATORS) {
      await db
        .insertInto('operators')
        .values({
          username: op.username,
          password_hash: await hashPassword(op.password),
          role: 'admin',
          phone: op.phone,
          ram_user_name: null,
          must_change_password: 0,
          created_at: t,
          updated_at: t,
          source: 'local',
          break_glass: 0,
        })
        .execute();
    }
    await until(() => proxy.ready().length === 2, 'both instances ready behind the proxy');
  }, 180_000);
  afterAll(async () => {
    for (const i of instances) i.child.kill('SIGKILL');
    await Promise.all(instances.map((i) => i.exited));
    await proxy?.close();
    await emulator?.stop();
    await db?.destroy();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    for (const i of instances) rmSync(i.dataDir, { recursive: true, force: true });
  });

  const signedIn = async (op = { username: ADMIN.username, password: ADMIN.password }) => {
    const c = new Client(proxy.url, address());
    await c.signIn(op.username, op.password);
    return c;
  };

  it('a session made on A works on B, and signing out on B ends it on A', async () => {
    const c = new Client(proxy.url, address());
    await c.signIn(ADMIN.username, ADMIN.password, 0);
    const onB = await c.request('GET', '/api/auth/me', { instance: 1 });
    expect(onB.status).toBe(200);
    expect(onB.body.operator.username).toBe(ADMIN.username);
    // A state change on B with the CSRF token A issued.
    const created = await c.request('POST', '/api/users', {
      body: { userName: 'session-check', displayName: 'Session check' },
      instance: 1,
    });
    expect(created.status).toBe(201);
    expect((await c.request('POST', '/api/auth/logout', { instance: 1 })).status).toBe(204);
    expect((await c.request('GET', '/api/auth/me', { instance: 0 })).status).toBe(401);
    expect((await c.request('GET', '/api/auth/me', { instance: 1 })).status).toBe(401);
  });

  it('a user created through A is found by a search on B within one second; search markers work on either', async () => {
    const c = await signedIn();
    // B has loaded its directory before the change (so it has something to be stale about).
    expect((await c.request('GET', '/api/users?q=dir-', { instance: 1 })).status).toBe(200);
    for (const n of [1, 2, 3]) {
      const made = await c.request('POST', '/api/users', {
        body: { userName: `dir-${n}`, displayName: `Directory ${n}` },
        instance: 0,
      });
      expect(made.status).toBe(201);
    }
    const t0 = Date.now();
    await until(async () => {
      const res = await c.request('GET', '/api/users?q=dir-3', { instance: 1 });
      return res.body.users.some((u: { userName: string }) => u.userName === 'dir-3');
    }, 'dir-3 on B');
    expect(Date.now() - t0).toBeLessThan(1000);

    // Paging: a marker from A continues on B.
    const first = await c.request('GET', '/api/users?q=dir-&maxItems=2', { instance: 0 });
    expect(first.body.users.map((u: { userName: string }) => u.userName)).toEqual([
      'dir-1',
      'dir-2',
    ]);
    expect(first.body.marker).toBeTruthy();
    const second = await c.request(
      'GET',
      `/api/users?q=dir-&maxItems=2&marker=${encodeURIComponent(first.body.marker)}`,
      { instance: 1 },
    );
    expect(second.status).toBe(200);
    expect(second.body.users.map((u: { userName: string }) => u.userName)).toEqual(['dir-3']);
  });

  it('one ticket spent on both instances at the same moment, 20 rounds: exactly one RAM call and one success each', async () => {
    const admin = await signedIn();
    const clients = await Promise.all(OPERATORS.slice(0, 4).map((op) => signedIn(op)));
    for (let round = 0; round < 20; round++) {
      const userName = `race-${round}`;
      expect(
        (await admin.request('POST', '/api/users', { body: { userName, displayName: userName } }))
          .status,
      ).toBe(201);
      // Five codes an hour per operator: four operators take turns.
      const c = clients[round % 4]!;
      const ticket = await c.ticket(emulator, OPERATORS[round % 4]!.phone, {
        action: 'DeleteUser',
        userName,
      });
      const before = emulator.counter.counts().DeleteUser ?? 0;
      const answers = await Promise.all(
        [0, 1].map((instance) =>
          c.request('DELETE', `/api/users/${userName}`, { ticket, instance }),
        ),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses, `round ${round}`).toEqual([204, 403]);
      const refused = answers.find((a) => a.status === 403)!;
      expect(refused.body.code).toBe('VerificationRequired');
      expect((emulator.counter.counts().DeleteUser ?? 0) - before, `round ${round}`).toBe(1);
    }
  });

  it('wrong codes split across the instances: at most 5 are compared, the right code is refused afterwards', async () => {
    const op = OPERATORS[4]!;
    const c = await signedIn(op);
    const started = await c.request('POST', '/api/verifications', {
      body: { action: 'CreateAccessKey', userName: 'codes-target' },
    });
    expect(started.status).toBe(201);
    const code = await emulator.latestCode(op.phone);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        c.request('POST', `/api/verifications/${started.body.verificationId}/confirm`, {
          body: { code: wrong },
          instance: i % 2,
        }),
      ),
    );
    expect(tally(answers.map((a) => a.status))).toEqual({ 400: 4, 429: 16 });
    for (const a of answers.filter((x) => x.status === 429)) {
      expect(a.body.code).toBe('VerificationAttemptsExceeded');
    }
    const right = await c.request(
      'POST',
      `/api/verifications/${started.body.verificationId}/confirm`,
      { body: { code } },
    );
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('VerificationAttemptsExceeded');
  });

  it('sends split across the instances: at most 5 an hour', async () => {
    const op = OPERATORS[5]!;
    const c = await signedIn(op);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        c.request('POST', '/api/verifications', {
          body: { action: 'CreateAccessKey', userName: `burst-${i}` },
          instance: i % 2,
        }),
      ),
    );
    expect(tally(answers.map((a) => a.status))).toEqual({ 201: 5, 429: 7 });
    for (const a of answers.filter((x) => x.status === 429)) {
      expect(a.body.code).toBe('VerificationSendLimitExceeded');
    }
    const inbox = await emulator.hook(
      'GET',
      `/__emulator/sms?phone=${encodeURIComponent(op.phone)}`,
    );
    expect(inbox.messages).toHaveLength(5);
  });

  it('rotation started on both at once: one 201, the others 409', async () => {
    const op = OPERATORS[4]!;
    const c = await signedIn(op);
    expect(
      (
        await c.request('POST', '/api/users', {
          body: { userName: 'rotating', displayName: 'Rotating' },
        })
      ).status,
    ).toBe(201);
    const ticket = await c.ticket(emulator, op.phone, {
      action: 'CreateAccessKey',
      userName: 'rotating',
    });
    expect(
      (await c.request('POST', '/api/users/rotating/access-keys', { body: {}, ticket })).status,
    ).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        c.request('POST', '/api/users/rotating/rotation', { instance: i % 2 }),
      ),
    );
    expect(tally(answers.map((a) => a.status))).toEqual({ 201: 1, 409: 9 });
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(a.body).toMatchObject({
        code: 'RotationCannotStart',
        details: { reason: 'alreadyInProgress' },
      });
    }
  });

  it('sign-in limits are shared: the throttle per (name, address) and the per-address rate limit', async () => {
    // Failed sign-ins for one name from one address, alternating between the instances.
    const from = address();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const c = new Client(proxy.url, from);
      const res = await c.request('POST', '/api/auth/login', {
        body: { username: OPERATORS[3]!.username, password: 'not-the-password-1' },
        instance: i % 2,
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // The right password from that address waits too, on either instance…
    const blocked = new Client(proxy.url, from);
    const res = await blocked.request('POST', '/api/auth/login', {
      body: { username: OPERATORS[3]!.username, password: OPERATORS[3]!.password },
      instance: 0,
    });
    expect(res.status).toBe(429);
    // …while the owner from another address signs in.
    await new Client(proxy.url, address()).signIn(OPERATORS[3]!.username, OPERATORS[3]!.password);

    // 26 sign-ins from one address (each a different name), split across both instances in
    // parallel: the per-address limit of 20 a minute holds for the pair, not per instance.
    const flood = address();
    const answers = await Promise.all(
      Array.from({ length: 26 }, (_, i) =>
        new Client(proxy.url, flood).request('POST', '/api/auth/login', {
          body: { username: `nobody-${i}`, password: 'not-the-password-1' },
          instance: i % 2,
        }),
      ),
    );
    expect(tally(answers.map((a) => a.status))).toEqual({ 401: 20, 429: 6 });
    for (const a of answers.filter((x) => x.status === 429)) {
      expect(a.body.code).toBe('RateLimited');
    }
  });
});
