#!/usr/bin/env node
/**
 * npm run migrate: applies the console database's pending migrations and exits, for a deploy
 * job that runs before the new release's instances start (they would also migrate at start-up;
 * on PostgreSQL an advisory lock makes concurrent runs take turns). Reads DATABASE_URL, else
 * DATA_DIR's console.db. Prints what it applied; exit 1 when a migration fails.
 */
import { databaseLocation, isPostgresUrl, migrateToLatest, openDatabase } from '../db/index.js';
import { loadCliDatabaseConfig } from './database-config.js';

async function main(): Promise<number> {
  const config = loadCliDatabaseConfig();
  if (!config) return 2;
  const location = databaseLocation(config);
  const where = isPostgresUrl(location) ? `PostgreSQL ${new URL(location).host}` : location;
  const db = await openDatabase(location, { migrate: false, poolSize: 2 });
  try {
    const { results = [], error, unknown } = await migrateToLatest(db);
    for (const r of results)
      console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
    if (error) {
      console.error(
        `migration failed on ${where}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 1;
    }
    if (results.length === 0) console.log(`${where}: up to date`);
    if (unknown.length > 0) {
      console.log(`applied by a newer release (kept): ${unknown.join(', ')}`);
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`npm run migrate: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
