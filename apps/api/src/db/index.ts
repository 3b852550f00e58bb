import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  sql,
  type Migration,
  type MigrationResultSet,
} from 'kysely';
import pg from 'pg';
import { dialectOf, pgTypes, withSessionLock } from './dialect.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-rotations.js';
import * as m003 from './migrations/003-security-hardening.js';
import * as m004 from './migrations/004-sso.js';
import * as m005 from './migrations/005-several-instances.js';
import * as m006 from './migrations/006-key-bound-tickets.js';
import { ensurePrivateDir, ensurePrivateFile } from '../lib/private-files.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
/** The database or an open transaction on it (Kysely's Transaction extends Kysely). */
export type Executor = Kysely<Database>;
export { dialectOf, lockInTransaction, type DialectName } from './dialect.js';

/**
 * Migrations are imported, not read from disk, so the compiled app has no path tricks. They are
 * expand/contract: a release only adds (tables, nullable or defaulted columns, indexes) what it
 * starts using, and drops what it stopped using one release later, so the release before it
 * still runs against the newer schema during a rolling deploy (docs/deploy.md).
 */
export const migrations: Record<string, Migration> = {
  '001-initial': m001,
  '002-rotations': m002,
  '003-security-hardening': m003,
  '004-sso': m004,
  '005-several-instances': m005,
  '006-key-bound-tickets': m006,
};

/** `postgres://…` or `postgresql://…`; anything else is a SQLite file path (or `:memory:`). */
export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

/** Where the console's database is: DATABASE_URL, else DATA_DIR/console.db. */
export const databaseLocation = (config: {
  databaseUrl?: string | undefined;
  dataDir: string;
}): string => config.databaseUrl ?? join(config.dataDir, 'console.db');

export interface OpenOptions {
  /** Run pending migrations first (default true; `npm run migrate` and db:copy decide). */
  migrate?: boolean;
  /** PostgreSQL pool size per instance (default 10). */
  poolSize?: number;
  /** Where a broken idle PostgreSQL connection is reported (default: ignored, the pool replaces it). */
  onPoolError?: (err: Error) => void;
}

export async function openDatabase(location: string, opts: OpenOptions = {}): Promise<Db> {
  const db = isPostgresUrl(location) ? openPostgres(location, opts) : openSqlite(location);
  if (opts.migrate !== false) {
    try {
      const { error } = await migrateToLatest(db);
      if (error) throw error instanceof Error ? error : new Error(String(error));
    } catch (err) {
      await db.destroy();
      throw err;
    }
  }
  return db;
}

function openSqlite(file: string): Db {
  if (file !== ':memory:') {
    ensurePrivateDir(dirname(file));
    ensurePrivateFile(file);
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** The URL each PostgreSQL database was opened with (for a dedicated LISTEN connection). */
const postgresUrls = new WeakMap<Db, string>();
export const postgresUrlOf = (db: Db): string | null => postgresUrls.get(db) ?? null;

function openPostgres(url: string, opts: OpenOptions): Db {
  const pool = new pg.Pool({
    connectionString: url,
    // At least 2 when migrating: the migration lock holds one connection while the migrator
    // works on another.
    max: opts.migrate === false ? (opts.poolSize ?? 10) : Math.max(2, opts.poolSize ?? 10),
    types: pgTypes,
    application_name: 'ram-console',
  });
  // An idle connection the server dropped (restart, failover) must not crash the process: the
  // pool discards it and the next query opens a new one.
  pool.on('error', (err) => opts.onPoolError?.(err));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  postgresUrls.set(db, url);
  return db;
}

/** Names of migrations recorded as applied (none on a new database). */
async function appliedMigrations(db: Db): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  return rows.rows.map((r) => r.name);
}

/**
 * Applies pending migrations. On PostgreSQL the whole run holds an advisory lock, so instances
 * starting together migrate one after the other (each migration recorded once). A migration the
 * database has and this release does not know (the database is one release ahead during a
 * rolling deploy) is accepted as already applied instead of refusing to start.
 */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet & { unknown: string[] }> {
  return withSessionLock(db, 'migrations', async () => {
    const applied = await appliedMigrations(db);
    const unknown = applied.filter((name) => !(name in migrations));
    const known: Record<string, Migration> = { ...migrations };
    for (const name of unknown) {
      known[name] = {
        up: async () => {
          throw new Error(`migration ${name} is not part of this release`);
        },
      };
    }
    const result = await new Migrator({
      db,
      provider: { getMigrations: async () => known },
    }).migrateToLatest();
    return { ...result, unknown };
  });
}

/** For a deploy job's log: `sqlite` or `postgres`, and what is applied. */
export async function migrationStatus(db: Db): Promise<{ dialect: string; applied: string[] }> {
  return { dialect: dialectOf(db), applied: await appliedMigrations(db) };
}
