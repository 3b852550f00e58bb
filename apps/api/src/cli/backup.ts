#!/usr/bin/env node
/**
 * npm run backup [-- --to <directory>]
 *
 * A consistent copy of the SQLite databases while the console runs (SQLite's online backup API:
 * pages are copied under SQLite's own locking, restarting if a write lands mid-copy), into
 * <directory>/<UTC time>/ (default DATA_DIR/backups): console.db, and in embedded mode the
 * emulator's ram.db (which holds the demo RAM's secrets: keep backups as private as DATA_DIR).
 * With DATABASE_URL the console's data is in PostgreSQL: use pg_dump (docs/deploy.md).
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { loadCliDatabaseConfig } from './database-config.js';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { to: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log('Usage: npm run backup [-- --to <directory>]');
    return 0;
  }
  const config = loadCliDatabaseConfig();
  if (!config) return 2;
  if (config.databaseUrl) {
    console.error(
      'backup: the console database is PostgreSQL (DATABASE_URL): back it up with pg_dump or your provider’s snapshots (docs/deploy.md)',
    );
    return 2;
  }
  const sources = ['console.db', 'ram.db']
    .map((name) => join(config.dataDir, name))
    .filter((file) => existsSync(file));
  if (!sources.some((f) => f.endsWith('console.db'))) {
    console.error(`backup: no console database in ${config.dataDir} (set DATA_DIR)`);
    return 2;
  }
  const stamp = new Date()
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  const dir = resolve(values.to ?? join(config.dataDir, 'backups'), stamp);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const file of sources) {
    const target = join(dir, file.endsWith('ram.db') ? 'ram.db' : 'console.db');
    const db = new SQLite(file, { fileMustExist: true });
    try {
      await db.backup(target);
    } finally {
      db.close();
    }
    chmodSync(target, 0o600);
    // One self-contained file (the copy inherits WAL mode; the console turns it back on at open).
    const check = new SQLite(target);
    try {
      check.pragma('journal_mode = DELETE');
      const ok = check.pragma('integrity_check', { simple: true });
      if (ok !== 'ok') throw new Error(`integrity check of ${target}: ${String(ok)}`);
    } finally {
      check.close();
    }
    console.log(`backed up ${file} → ${target}`);
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  console.error(`backup: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
