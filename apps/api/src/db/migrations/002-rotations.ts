import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/** The rotation wizard's state: one row per rotation of one RAM user's key. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('rotations'))
    .addColumn('ram_user_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('old_access_key_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('new_access_key_id', 'varchar(128)')
    .addColumn('step', 'varchar(32)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('started_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('new_key_created_at', 'varchar(32)')
    .addColumn('old_key_disabled_at', 'varchar(32)')
    .addColumn('completed_at', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rotations_user')
    .on('rotations')
    .columns(['ram_user_name', 'state'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rotations').execute();
}
