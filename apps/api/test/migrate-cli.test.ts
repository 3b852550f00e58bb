import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations, openDatabase } from '../src/db/index.js';
import { freshDatabase, TEST_DIALECT, type TestDatabase } from './support/database.js';

const migrateJs = fileURLToPath(new URL('../dist/cli/migrate.js', import.meta.url));
const run = promisify(execFile);

describe(`npm run migrate (${TEST_DIALECT})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-migrate-'));
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(dataDir, { empty: true });
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const migrate = async (env: Record<string, string> = database.env) => {
    try {
      const r = await run(process.execPath, [migrateJs], {
        env: { PATH: process.env.PATH, DATA_DIR: dataDir, ...env },
      });
      return { code: 0, out: r.stdout + r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout + e.stderr };
    }
  };

  it('applies what is pending', async () => {
    const first = await migrate();
    expect(first.code).toBe(0);
    for (const name of Object.keys(migrations)) expect(first.out).toContain(`applied: ${name}`);
  });

  it('then says up to date', async () => {
    const second = await migrate();
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/up to date/);
    expect(second.out).not.toContain('applied:');
  });

  it('keeps a migration a newer release applied', async () => {
    const db = await openDatabase(database.location, { migrate: false });
    await db
      .insertInto('kysely_migration' as never)
      .values({ name: '900-next-release', timestamp: new Date().toISOString() } as never)
      .execute();
    await db.destroy();
    const third = await migrate();
    expect(third.code).toBe(0);
    expect(third.out).toContain('applied by a newer release (kept): 900-next-release');
  });

  it('a malformed DATABASE_URL is refused with the setting named', async () => {
    const bad = await migrate({ DATABASE_URL: 'mysql://db/console' });
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('DATABASE_URL');
  });

  it('a database that does not answer: exit 1 with a readable line', async () => {
    const down = await migrate({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(down.code).toBe(1);
    expect(down.out).toMatch(/npm run migrate: .*ECONNREFUSED/);
  });
});
