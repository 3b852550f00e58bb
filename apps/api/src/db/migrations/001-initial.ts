import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

// Kysely's schema builder keeps the DDL portable; the auto-numbered id is the one thing it does
// not translate (withIdColumn: the same `integer primary key autoincrement` as always on SQLite,
// an identity column on PostgreSQL).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('operators')
    .addColumn('username', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('phone', 'varchar(32)', (c) => c.notNull())
    .addColumn('ram_user_name', 'varchar(64)')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('operator_username', 'varchar(64)', (c) =>
      c.notNull().references('operators.username').onDelete('cascade'),
    )
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sessions_operator')
    .on('sessions')
    .column('operator_username')
    .execute();

  await db.schema
    .createTable('verifications')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('session_id_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('operator_username', 'varchar(64)', (c) => c.notNull())
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('ram_user_name', 'varchar(64)')
    .addColumn('phone', 'varchar(32)', (c) => c.notNull())
    .addColumn('code_hash', 'varchar(128)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)')
    .addColumn('ticket_hash', 'varchar(64)')
    .addColumn('ticket_expires_at', 'varchar(32)')
    .addColumn('ticket_used_at', 'varchar(32)')
    .execute();
  await db.schema
    .createIndex('verifications_operator_created')
    .on('verifications')
    .columns(['operator_username', 'created_at'])
    .execute();
  await db.schema
    .createIndex('verifications_ticket')
    .on('verifications')
    .column('ticket_hash')
    .execute();

  await withIdColumn(db, db.schema.createTable('audit_events'))
    .addColumn('time', 'varchar(32)', (c) => c.notNull())
    .addColumn('operator', 'varchar(64)')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('ram_user_name', 'varchar(64)')
    .addColumn('access_key_id', 'varchar(128)')
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('error_code', 'varchar(128)')
    .addColumn('request_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('ram_request_id', 'varchar(64)')
    .addColumn('ip', 'varchar(64)')
    .execute();
  await db.schema.createIndex('audit_events_time').on('audit_events').column('time').execute();

  await db.schema
    .createTable('key_descriptions')
    .addColumn('access_key_id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('ram_user_name', 'varchar(64)')
    .addColumn('description', 'varchar(255)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'settings',
    'key_descriptions',
    'audit_events',
    'verifications',
    'sessions',
    'operators',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
