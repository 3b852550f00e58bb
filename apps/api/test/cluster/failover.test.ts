/**
 * One instance of two going away (real processes behind the proxy, one PostgreSQL): SIGTERM
 * drains without a single 5xx reaching clients; kill -9 in the middle of a create leaves the
 * other instance serving the session, the ticket spent, and the attempt in the audit trail with
 * the orphan key named.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import {
  ADMIN,
  Client,
  startEmulator,
  startInstance,
  startProxy,
  until,
  type Emulator,
  type Instance,
  type InstanceSettings,
  type Proxy,
} from './cluster.js';

describe('cluster: an instance going away', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-cluster-failover-'));
  let database: TestDatabase;
  let emulator: Emulator;
  let proxy: Proxy;
  let settings: InstanceSettings;
  const started: Instance[] = [];
  beforeAll(async () => {
    database = await freshDatabase(dataDir);
    [emulator, proxy] = await Promise.all([startEmulator(), startProxy({ probeMs: 100 })]);
    settings = { databaseUrl: database.location, emulator, publicUrl: proxy.url };
  }, 60_000);
  afterEach(async () => {
    for (const i of started) i.child.kill('SIGKILL');
    await Promise.all(started.map((i) => i.exited));
    for (const i of started.splice(0)) rmSync(i.dataDir, { recursive: true, force: true });
    await emulator.hook('DELETE', '/__emulator/faults');
  });
  afterAll(async () => {
    await proxy?.close();
    await emulator?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function twoInstances(env: Record<string, string> = {}) {
    const pair = await Promise.all(
      ['a', 'b'].map((name) => startInstance(name, { ...settings, env })),
    );
    started.push(...pair);
    proxy.setBackends(pair.map((i) => i.url));
    await until(() => proxy.ready().length === 2, 'both instances ready behind the proxy');
    return pair;
  }

  it('SIGTERM of one instance under load through the proxy: no 5xx and no cut request seen by clients', async () => {
    // info: the drain's log lines.
    const [a] = await twoInstances({ SHUTDOWN_GRACE_SECONDS: '2', LOG_LEVEL: 'info' });
    const admin = new Client(proxy.url, '10.40.0.1');
    await admin.signIn();
    const before = { ...proxy.stats };
    const statuses: number[] = [];
    const failures: string[] = [];
    let stop = false;
    // Eight clients in a loop: reads that touch the database and RAM, and writes.
    const worker = async (w: number) => {
      for (let n = 0; !stop; n++) {
        const res =
          n % 4 === 3
            ? await admin
                .request('POST', '/api/users', {
                  body: { userName: `load-${w}-${n}`, displayName: 'Load' },
                })
                .catch((err: Error) => ({ status: 0, text: err.message }))
            : await admin
                .request('GET', n % 2 ? '/api/auth/me' : '/api/users?maxItems=20')
                .catch((err: Error) => ({ status: 0, text: err.message }));
        statuses.push(res.status);
        if (res.status === 0 || res.status >= 500) failures.push(`${res.status} ${res.text}`);
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    await until(() => statuses.length >= 40, 'the load to run');
    a!.child.kill('SIGTERM');
    // The proxy sees it unready and stops sending it new requests; it exits after the grace.
    await until(() => proxy.ready().length === 1, 'the proxy to take A out');
    expect(await a!.exited).toEqual({ code: 0, signal: null });
    const atExit = statuses.length;
    await until(() => statuses.length >= atExit + 40, 'more load on B alone');
    stop = true;
    await load;
    expect(failures).toEqual([]);
    expect(proxy.stats.relayed5xx - before.relayed5xx).toBe(0);
    expect(proxy.stats.cut - before.cut).toBe(0);
    expect(proxy.stats.noBackend - before.noBackend).toBe(0);
    expect(statuses.length).toBeGreaterThan(80);
    expect(a!.output()).toContain('draining: readiness answers 503');
  }, 120_000);

  it('kill -9 of one instance during a create: B serves the session, the ticket stays spent, the attempt and its orphan key are in the audit trail', async () => {
    const [a] = await twoInstances();
    const admin = new Client(proxy.url, '10.40.0.2');
    await admin.signIn(ADMIN.username, ADMIN.password, 0);
    expect(
      (
        await admin.request('POST', '/api/users', {
          body: { userName: 'crash-target', displayName: 'Crash' },
        })
      ).status,
    ).toBe(201);
    const ticket = await admin.ticket(emulator, ADMIN.phone, {
      action: 'CreateAccessKey',
      userName: 'crash-target',
    });
    // RAM holds the create open for 3 s, then makes the key.
    await emulator.hook('POST', '/__emulator/faults', {
      action: 'CreateAccessKey',
      kind: 'delay',
      delayMs: 3000,
      count: 1,
    });
    const inFlight = admin
      .request('POST', '/api/users/crash-target/access-keys', { body: {}, ticket, instance: 0 })
      .then(
        (r) => r.status,
        () => 'connection lost' as const,
      );
    await until(
      async () => (await emulator.hook('GET', '/__emulator/faults')).faults.length === 0,
      'the create to reach RAM',
    );
    a!.child.kill('SIGKILL');
    expect(await a!.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await inFlight).toBe('connection lost');

    // B serves the same session…
    const me = await admin.request('GET', '/api/auth/me', { instance: 1 });
    expect(me.status).toBe(200);
    // …and the ticket stays spent: no second create reaches RAM.
    const creates = emulator.counter.counts().CreateAccessKey ?? 0;
    const again = await admin.request('POST', '/api/users/crash-target/access-keys', {
      body: {},
      ticket,
      instance: 1,
    });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('VerificationRequired');
    expect(emulator.counter.counts().CreateAccessKey ?? 0).toBe(creates);

    // RAM made the key A never reported; B finds A's unfinished attempt once A is gone and
    // records it, naming the key.
    let keys: string[] = [];
    await until(async () => {
      const res = await admin.request('GET', '/api/users/crash-target/access-keys', {
        instance: 1,
      });
      keys = res.body.accessKeys.map((k: { accessKeyId: string }) => k.accessKeyId);
      return keys.length === 1;
    }, 'the delayed create to finish in RAM');
    // The refused second use is audited as such…
    const audit = async () =>
      (
        await admin.request(
          'GET',
          '/api/audit-events?action=CreateAccessKey&ramUserName=crash-target',
          {
            instance: 1,
          },
        )
      ).body.events as Record<string, unknown>[];
    expect((await audit()).map((e) => e.errorCode)).toContain('VerificationRequired');
    // …and A's attempt appears once B sees A's heartbeat stop.
    let row: Record<string, unknown> | undefined;
    await until(
      async () => {
        row = (await audit()).find((e) => e.errorCode === 'CreateOutcomeUnknown');
        return row !== undefined;
      },
      "A's attempt in the audit trail",
      30_000,
    );
    expect(row).toMatchObject({
      operator: ADMIN.username,
      action: 'CreateAccessKey',
      ramUserName: 'crash-target',
      outcome: 'failure',
      accessKeyId: keys[0],
      verification: 'ticket',
    });
  }, 120_000);
});
