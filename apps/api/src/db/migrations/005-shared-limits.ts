import type { Kysely } from 'kysely';

/**
 * Issue 10: rate-limit counters in the database, so instances behind one load balancer share
 * them (N instances must not grant N times the limit). One row per (route, client key) window.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('window_ends_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rate_limits_window_ends_at')
    .on('rate_limits')
    .column('window_ends_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}
