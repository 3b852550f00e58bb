import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migrations, openDatabase, type Db } from '../../src/db/index.js';
import { createOperatorService } from '../../src/plugins/app/operators.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';

// Instances starting together on an empty PostgreSQL database, in one process: the same
// statements from separate pools race exactly as separate processes do (the cluster tests repeat
// this with real processes).
describe('PostgreSQL: instances starting together on an empty database', () => {
  const opened: Db[] = [];
  const databases: TestDatabase[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-race-'));
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.destroy()));
    await Promise.all(databases.splice(0).map((d) => d.drop()));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('six migrators at once: all succeed, each migration recorded once', async () => {
    for (let round = 0; round < 3; round++) {
      const database = await freshDatabase(dataDir, { empty: true });
      databases.push(database);
      const dbs = await Promise.all(
        Array.from({ length: 6 }, () => openDatabase(database.location, { poolSize: 3 })),
      );
      opened.push(...dbs);
      const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(dbs[0]!);
      expect(rows.rows.map((r) => r.name).sort()).toEqual(Object.keys(migrations).sort());
    }
  });

  it('six first-admin bootstraps at once (even with different names): one admin', async () => {
    for (let round = 0; round < 3; round++) {
      const database = await freshDatabase(dataDir);
      databases.push(database);
      const dbs = await Promise.all(
        Array.from({ length: 6 }, () => openDatabase(database.location, { poolSize: 2 })),
      );
      opened.push(...dbs);
      const results = await Promise.all(
        dbs.map((db, i) =>
          createOperatorService(db, () => new Date()).ensureFirstAdmin({
            username: `admin${i}`,
            password: 'first-admin-password-1',
            phone: '+8613800000001',
          }),
        ),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      const operators = await dbs[0]!.selectFrom('operators').select('role').execute();
      expect(operators).toEqual([{ role: 'admin' }]);
    }
  });
});
