/**
 * The console database a test gets, in the dialect of the Vitest project running it: SQLite in
 * DATA_DIR (project `sqlite`), or a fresh PostgreSQL database copied from the migrated template
 * (project `postgres`, support/postgres-global-setup.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabaseFrom, dropDatabase } from '../../../../bench/postgres.js';

export type TestDialect = 'sqlite' | 'postgres';
/** CONSOLE_SECRET_KEY of the console processes tests start on PostgreSQL. */
export const TEST_SECRET_KEY = 'test-console-secret-key-0123456789abcdef';
export const TEST_DIALECT: TestDialect =
  process.env.CONSOLE_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  dialect: TestDialect;
  /** What openDatabase() takes: a SQLite file or a postgres:// URL. */
  location: string;
  /** Environment for a console process using this database (beside DATA_DIR). */
  env: Record<string, string>;
  /** PostgreSQL: the database's name (for direct checks). */
  name: string | null;
  drop(): Promise<void>;
}

/** `empty`: no migration applied yet (PostgreSQL copies template0 instead of the migrated one). */
export async function freshDatabase(
  dataDir: string,
  opts: { empty?: boolean } = {},
): Promise<TestDatabase> {
  if (TEST_DIALECT === 'sqlite') {
    return {
      dialect: 'sqlite',
      location: join(dataDir, 'console.db'),
      env: {},
      name: null,
      drop: async () => undefined,
    };
  }
  const { adminUrl, template } = inject('postgres');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await createDatabaseFrom(adminUrl, name, opts.empty ? 'template0' : template);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    dialect: 'postgres',
    location: url.href,
    // The tests run the embedded emulator beside a PostgreSQL database: allowed for tests only.
    env: {
      DATABASE_URL: url.href,
      ALLOW_EMBEDDED_WITH_DATABASE_URL: 'true',
      // Required with DATABASE_URL (every instance must confirm every instance's codes).
      CONSOLE_SECRET_KEY: TEST_SECRET_KEY,
    },
    name,
    drop: () => dropDatabase(adminUrl, name),
  };
}

/**
 * Everything the console database holds, for secret scans: SQLite → the bytes of its files
 * (main file, WAL, shared memory); PostgreSQL → every row of every table as text.
 */
export async function databaseContents(database: TestDatabase): Promise<Buffer> {
  if (database.dialect === 'sqlite') {
    const parts = ['', '-wal', '-shm']
      .map((suffix) => `${database.location}${suffix}`)
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f));
    if (parts.length === 0) throw new Error(`no database file at ${database.location}`);
    return Buffer.concat(parts);
  }
  const client = new pg.Client({ connectionString: database.location });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
    );
    if (tables.rows.length === 0) throw new Error(`no tables in ${database.name}`);
    const chunks: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await client.query<{ row: string }>(
        `select t::text as row from "${name.replace(/"/g, '""')}" t`,
      );
      chunks.push(name, ...rows.rows.map((r) => r.row));
    }
    return Buffer.from(chunks.join('\n'));
  } finally {
    await client.end();
  }
}
