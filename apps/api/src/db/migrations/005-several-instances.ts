import type { Kysely } from 'kysely';

/**
 * Issue 10 (several instances on one database). Expand only, like every migration from now on
 * (docs/deploy.md): the release before keeps running against it.
 * - `rate_limits`: the rate-limit counters, shared so N instances do not grant N times the limit;
 *   one row per (route, client key) window.
 * - `console_instances`: each running instance's heartbeat.
 * - `pending_actions`: a verified RAM change between spending its ticket and writing its audit
 *   row; a row whose instance stopped beating is finished by another instance (an audit row with
 *   the outcome unknown, and for a create the keys that appeared).
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
  await db.schema
    .createTable('console_instances')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('seen_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('pending_actions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('instance_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('operator', 'varchar(64)', (c) => c.notNull())
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('ram_user_name', 'varchar(64)')
    .addColumn('access_key_id', 'varchar(64)')
    .addColumn('verification', 'varchar(16)')
    .addColumn('request_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pending_actions').execute();
  await db.schema.dropTable('console_instances').execute();
  await db.schema.dropTable('rate_limits').execute();
}
