import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-rotations.js';
import * as m003 from './migrations/003-security-hardening.js';
import * as m004 from './migrations/004-sso.js';
import { ensurePrivateDir, ensurePrivateFile } from '../lib/private-files.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
/** The database or an open transaction on it (Kysely's Transaction extends Kysely). */
export type Executor = Kysely<Database>;

/** Migrations are imported, not read from disk, so the compiled app has no path tricks. */
const migrations: Record<string, Migration> = {
  '001-initial': m001,
  '002-rotations': m002,
  '003-security-hardening': m003,
  '004-sso': m004,
};
const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function openDatabase(file: string): Promise<Db> {
  if (file !== ':memory:') {
    ensurePrivateDir(dirname(file));
    ensurePrivateFile(file);
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }
  return db;
}
