import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, TEST_DIALECT, type TestDatabase } from '../../test/support/database.js';
import { createOperatorService } from '../plugins/app/operators.js';
import { dialectOf, migrateToLatest, migrations, openDatabase, type Db } from './index.js';

// The DDL SQLite databases in the field hold since 001/002 were first applied: a migration that
// has run must keep meaning the same on SQLite (the dialect helper may change PostgreSQL only).
/** As 001 created them (003 added two audit columns with ALTER TABLE, which SQLite appends). */
const SQLITE_DDL = {
  audit_events:
    'CREATE TABLE "audit_events" ("id" integer primary key autoincrement, "time" varchar(32) not null, "operator" varchar(64), "action" varchar(64) not null, "ram_user_name" varchar(64), "access_key_id" varchar(128), "outcome" varchar(16) not null, "error_code" varchar(128), "request_id" varchar(64) not null, "ram_request_id" varchar(64), "ip" varchar(64), "target_operator" varchar(64), "verification" varchar(16))',
  rotations:
    'CREATE TABLE "rotations" ("id" integer primary key autoincrement, "ram_user_name" varchar(64) not null, "old_access_key_id" varchar(128) not null, "new_access_key_id" varchar(128), "step" varchar(32) not null, "state" varchar(16) not null, "started_by" varchar(64) not null, "started_at" varchar(32) not null, "new_key_created_at" varchar(32), "old_key_disabled_at" varchar(32), "completed_at" varchar(32), "updated_at" varchar(32) not null)',
};

describe(`the console database (${TEST_DIALECT})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-db-'));
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await freshDatabase(dataDir, { empty: true });
    db = await openDatabase(database.location);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the dialect the location names and applies every migration once', async () => {
    expect(dialectOf(db)).toBe(TEST_DIALECT);
    const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    expect(applied.rows.map((r) => r.name).sort()).toEqual(Object.keys(migrations).sort());
  });

  it('auto-numbered ids: unchanged DDL on SQLite, an identity column on PostgreSQL', async () => {
    if (TEST_DIALECT === 'sqlite') {
      const rows = await sql<{ name: string; sql: string }>`
        select name, sql from sqlite_master where name in ('audit_events', 'rotations')`.execute(
        db,
      );
      expect(Object.fromEntries(rows.rows.map((r) => [r.name, r.sql]))).toEqual(SQLITE_DDL);
    } else {
      const rows = await sql<{ table_name: string; is_identity: string }>`
        select table_name, is_identity from information_schema.columns
        where column_name = 'id' and table_name in ('audit_events', 'rotations')
        order by table_name`.execute(db);
      expect(rows.rows).toEqual([
        { table_name: 'audit_events', is_identity: 'YES' },
        { table_name: 'rotations', is_identity: 'YES' },
      ]);
    }
    const inserted = await db
      .insertInto('audit_events')
      .values({
        time: new Date().toISOString(),
        operator: null,
        action: 'Test',
        outcome: 'success',
        request_id: 'r1',
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(typeof inserted.id).toBe('number');
  });

  it('counts arrive as numbers, not strings (PostgreSQL sends int8 as text)', async () => {
    const operators = createOperatorService(db, () => new Date());
    expect(await operators.count()).toBe(0);
    const r = await db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(r.n).toBe(1);
  });

  it('starts against a database one migration ahead (a rolling deploy): the unknown one is accepted as applied', async () => {
    await db
      .insertInto('kysely_migration' as never)
      .values({ name: '999-from-the-next-release', timestamp: new Date().toISOString() } as never)
      .execute();
    const result = await migrateToLatest(db);
    expect(result.error).toBeUndefined();
    expect(result.unknown).toEqual(['999-from-the-next-release']);
    const again = await openDatabase(database.location);
    await again.destroy();
  });
});
