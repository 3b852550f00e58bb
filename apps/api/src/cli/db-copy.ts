#!/usr/bin/env node
/**
 * npm run db:copy [-- --from ./data/console.db]
 *
 * Moves a SQLite console database into PostgreSQL (DATABASE_URL): operators, the audit trail
 * with its ids, key descriptions, rotations and settings. Sessions, pending codes and tickets are
 * not copied: everyone signs in again. The target must be empty; the copy is one transaction.
 * Stop the console first (or copy from a backup: npm run backup).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { copyDatabase, TargetNotEmptyError } from '../db/copy.js';
import { openDatabase, type Db } from '../db/index.js';
import { loadCliDatabaseConfig } from './database-config.js';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { from: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log('Usage: DATABASE_URL=postgres://… npm run db:copy [-- --from <console.db>]');
    return 0;
  }
  const config = loadCliDatabaseConfig();
  if (!config) return 2;
  if (!config.databaseUrl) {
    console.error('db:copy: set DATABASE_URL to the PostgreSQL database to copy into');
    return 2;
  }
  const from = resolve(values.from ?? join(config.dataDir, 'console.db'));
  if (!existsSync(from)) {
    console.error(`db:copy: no SQLite database at ${from} (set DATA_DIR or pass --from)`);
    return 2;
  }
  let source: Db | undefined;
  let target: Db | undefined;
  try {
    // Both at this release's schema: the source as the console would migrate it at its next start.
    source = await openDatabase(from);
    target = await openDatabase(config.databaseUrl, { poolSize: 2 });
    const { rows } = await copyDatabase(source, target);
    console.log(`Copied ${from} into PostgreSQL ${new URL(config.databaseUrl).host}:`);
    for (const [table, n] of Object.entries(rows)) console.log(`  ${table}: ${n}`);
    console.log('Not copied: sessions, pending codes and tickets (everyone signs in again).');
    return 0;
  } catch (err) {
    console.error(`db:copy: ${err instanceof Error ? err.message : String(err)}`);
    return err instanceof TargetNotEmptyError ? 2 : 1;
  } finally {
    await source?.destroy();
    await target?.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
