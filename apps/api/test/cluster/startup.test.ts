/**
 * Instances (real processes) starting together on one PostgreSQL database: migrations and the
 * first-admin bootstrap race for real, and an instance one release behind starts against a
 * database one migration ahead (expand/contract, docs/deploy.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations, openDatabase } from '../../src/db/index.js';
import { freshDatabase } from '../support/database.js';
import {
  ADMIN,
  Client,
  spawnInstance,
  startEmulator,
  startInstance,
  startProxy,
  type Emulator,
  type Proxy,
} from './cluster.js';

describe('cluster: instances starting together on one PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-cluster-start-'));
  let emulator: Emulator;
  let proxy: Proxy;
  beforeAll(async () => {
    [emulator, proxy] = await Promise.all([startEmulator(), startProxy()]);
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await emulator?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('two instances on an empty database, five times in a row: both listen, each migration recorded once, one admin', async () => {
    for (let round = 0; round < 5; round++) {
      const database = await freshDatabase(dataDir, { empty: true });
      const settings = { databaseUrl: database.location, emulator, publicUrl: proxy.url };
      const spawned = [spawnInstance('a', settings), spawnInstance('b', settings)];
      try {
        const instances = await Promise.all(spawned.map((s) => s.ready()));
        const db = await openDatabase(database.location, { migrate: false, poolSize: 1 });
        try {
          const applied = await sql<{
            name: string;
          }>`select name from kysely_migration order by name`.execute(db);
          expect(
            applied.rows.map((r) => r.name),
            `round ${round}`,
          ).toEqual(Object.keys(migrations).sort());
          const operators = await db.selectFrom('operators').select(['username', 'role']).execute();
          expect(operators, `round ${round}`).toEqual([
            { username: ADMIN.username, role: 'admin' },
          ]);
        } finally {
          await db.destroy();
        }
        // Both serve: the admin signs in on each.
        proxy.setBackends(instances.map((i) => i.url));
        for (const instance of [0, 1]) {
          await new Client(proxy.url, `10.30.${round}.${instance + 1}`).signIn(
            ADMIN.username,
            ADMIN.password,
            instance,
          );
        }
      } finally {
        for (const s of spawned) s.proc.child.kill('SIGTERM');
        const exits = await Promise.all(spawned.map((s) => s.proc.exited));
        for (const s of spawned) rmSync(s.dataDir, { recursive: true, force: true });
        await database.drop();
        expect(exits, `round ${round}`).toEqual([
          { code: 0, signal: null },
          { code: 0, signal: null },
        ]);
      }
    }
  }, 300_000);

  it('an instance one release behind starts against a database one migration ahead', async () => {
    const database = await freshDatabase(dataDir);
    try {
      // The next release's migration, expand-only as docs/deploy.md requires: a new table and a
      // new nullable column on a table this release writes.
      const db = await openDatabase(database.location, { poolSize: 2 });
      await db.schema
        .createTable('next_release_things')
        .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
        .execute();
      await db.schema.alterTable('operators').addColumn('next_release_note', 'text').execute();
      await db.schema.alterTable('audit_events').addColumn('next_release_note', 'text').execute();
      await db
        .insertInto('kysely_migration' as never)
        .values({ name: '900-next-release', timestamp: new Date().toISOString() } as never)
        .execute();
      await db.destroy();

      const settings = { databaseUrl: database.location, emulator, publicUrl: proxy.url };
      const behind = await startInstance('behind', settings);
      try {
        proxy.setBackends([behind.url]);
        expect(behind.output()).not.toMatch(/error/i);
        // It works, writes included: sign-in (a session row), a RAM user (an audit row).
        const c = new Client(proxy.url, '10.31.0.1');
        await c.signIn(ADMIN.username, ADMIN.password, 0);
        const made = await c.request('POST', '/api/users', {
          body: { userName: 'made-by-behind', displayName: 'Behind' },
          instance: 0,
        });
        expect(made.status).toBe(201);
        const audit = await c.request('GET', '/api/audit-events?action=CreateUser', {
          instance: 0,
        });
        expect(audit.body.events[0]).toMatchObject({
          action: 'CreateUser',
          ramUserName: 'made-by-behind',
        });
        const check = await openDatabase(database.location, { migrate: false, poolSize: 1 });
        const names = await sql<{
          name: string;
        }>`select name from kysely_migration order by name`.execute(check);
        await check.destroy();
        expect(names.rows.map((r) => r.name)).toEqual(
          [...Object.keys(migrations), '900-next-release'].sort(),
        );
      } finally {
        behind.child.kill('SIGTERM');
        expect(await behind.exited).toEqual({ code: 0, signal: null });
        rmSync(behind.dataDir, { recursive: true, force: true });
      }
    } finally {
      await database.drop();
    }
  }, 120_000);
});
