import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COPIED_TABLES, consoleTables, NOT_COPIED_TABLES } from '../../src/db/copy.js';
import { openDatabase, type Db } from '../../src/db/index.js';
import { verifyPassword } from '../../src/lib/crypto.js';
import { createAuditService } from '../../src/plugins/app/audit.js';
import { createOperatorService } from '../../src/plugins/app/operators.js';
import { createSessionService } from '../../src/plugins/app/sessions.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';

const copyJs = fileURLToPath(new URL('../../dist/cli/db-copy.js', import.meta.url));
const run = promisify(execFile);

describe('npm run db:copy: SQLite → PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-copy-'));
  const sqliteFile = join(dataDir, 'console.db');
  let target: TestDatabase;
  let source: Db;
  const now = () => new Date('2026-11-20T08:00:00.000Z');
  beforeAll(async () => {
    target = await freshDatabase(dataDir);
    // A SQLite console database with a bit of everything.
    source = await openDatabase(sqliteFile);
    const operators = createOperatorService(source, now);
    await operators.create({
      username: 'ops',
      password: 'ops-password-123',
      role: 'admin',
      phone: '+8613800000007',
    });
    await operators.create({
      username: 'mia',
      password: 'mia-password-123',
      role: 'member',
      phone: '+8613800000008',
      ramUserName: 'alice',
    });
    const audit = createAuditService(source, now);
    for (let i = 0; i < 1203; i++) {
      await audit.record({
        operator: 'ops',
        action: i % 2 ? 'CreateUser' : 'DeleteUser',
        outcome: 'success',
        requestId: `r${i}`,
      });
    }
    // Gaps in the ids must survive (deleted rows, as after a cleanup).
    await source.deleteFrom('audit_events').where('id', 'in', [5, 6, 7]).execute();
    await source
      .insertInto('key_descriptions')
      .values({
        access_key_id: 'LTAI00000000000000000001',
        ram_user_name: 'alice',
        description: 'deploy key, 漢字 and "quotes"',
        created_at: now().toISOString(),
      })
      .execute();
    await source
      .insertInto('rotations')
      .values({
        ram_user_name: 'alice',
        old_access_key_id: 'LTAI00000000000000000001',
        new_access_key_id: null,
        step: 'create-new-key',
        state: 'active',
        started_by: 'ops',
        started_at: now().toISOString(),
        new_key_created_at: null,
        old_key_disabled_at: null,
        completed_at: null,
        updated_at: now().toISOString(),
      })
      .execute();
    await source.insertInto('settings').values({ key: 'demo_seeded', value: 'yes' }).execute();
    await createSessionService(source, now, { idleMinutes: 30, absoluteHours: 12 }).create('ops', {
      ip: '127.0.0.1',
    });
    await source.destroy();
  });
  afterAll(async () => {
    await target?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const copy = async (env: Record<string, string>, ...args: string[]) => {
    try {
      const r = await run(process.execPath, [copyJs, ...args], {
        env: { PATH: process.env.PATH, DATA_DIR: dataDir, ...env },
      });
      return { code: 0, out: r.stdout + r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout + e.stderr };
    }
  };

  it('every table of the schema is either copied or deliberately left behind', async () => {
    const pg = await openDatabase(target.location);
    const sqlite = await openDatabase(sqliteFile);
    try {
      const classified = [...COPIED_TABLES, ...NOT_COPIED_TABLES].sort();
      expect(await consoleTables(pg)).toEqual(classified);
      expect(await consoleTables(sqlite)).toEqual(classified);
    } finally {
      await pg.destroy();
      await sqlite.destroy();
    }
  });

  it('copies operators, the audit trail with its ids, descriptions, rotations and settings; not sessions', async () => {
    const res = await copy({ DATABASE_URL: target.location });
    expect(res.out).toContain('operators: 2');
    expect(res.out).toContain('audit_events: 1200');
    expect(res.out).toContain('Not copied: sessions');
    expect(res.code).toBe(0);

    const pg = await openDatabase(target.location);
    const sqlite = await openDatabase(sqliteFile);
    try {
      for (const table of COPIED_TABLES) {
        const a = await sqlite.selectFrom(table).selectAll().execute();
        const b = await pg.selectFrom(table).selectAll().execute();
        const key = (r: object) => JSON.stringify(r);
        expect(b.map(key).sort(), table).toEqual(a.map(key).sort());
      }
      const ids = (await pg.selectFrom('audit_events').select('id').orderBy('id').execute()).map(
        (r) => r.id,
      );
      expect(ids.slice(0, 6)).toEqual([1, 2, 3, 4, 8, 9]);
      expect(await pg.selectFrom('sessions').selectAll().execute()).toEqual([]);
      // The copied password works; a new audit row and a new rotation follow the copied ids.
      const ops = await createOperatorService(pg, now).get('ops');
      expect(await verifyPassword('ops-password-123', ops!.password_hash)).toBe(true);
      await createAuditService(pg, now).record({
        operator: 'ops',
        action: 'Logout',
        outcome: 'success',
        requestId: 'after',
      });
      const last = await pg
        .selectFrom('audit_events')
        .select(['id', 'action'])
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(last).toEqual({ id: 1204, action: 'Logout' });
      const rotation = await pg
        .insertInto('rotations')
        .values({
          ram_user_name: 'bob',
          old_access_key_id: 'LTAI00000000000000000002',
          new_access_key_id: null,
          step: 'create-new-key',
          state: 'cancelled',
          started_by: 'ops',
          started_at: now().toISOString(),
          new_key_created_at: null,
          old_key_disabled_at: null,
          completed_at: null,
          updated_at: now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(rotation.id).toBe(2);
    } finally {
      await pg.destroy();
      await sqlite.destroy();
    }
  });

  it('refuses a target that is not empty, and changes nothing there', async () => {
    const res = await copy({ DATABASE_URL: target.location });
    expect(res.code).toBe(2);
    expect(res.out).toMatch(/target database is not empty \(operators: 2, audit_events: 1201/);
  });

  it('says what is missing: no DATABASE_URL', async () => {
    const noUrl = await copy({});
    expect(noUrl.code).toBe(2);
    expect(noUrl.out).toContain('set DATABASE_URL');
  });

  it('says what is missing: no source file (and creates none)', async () => {
    const noFile = await copy(
      { DATABASE_URL: target.location },
      '--from',
      join(dataDir, 'nope.db'),
    );
    expect(noFile.code).toBe(2);
    expect(noFile.out).toContain('no SQLite database at');
    expect(existsSync(join(dataDir, 'nope.db'))).toBe(false);
  });
});
