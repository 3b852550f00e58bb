import type { Kysely } from 'kysely';

/**
 * Issue 14 (SSO). Portable DDL only (the same on SQLite and PostgreSQL); additive, so the release
 * before it still runs against this schema.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Operators: where they come from. An SSO operator is found by (issuer, subject), never by a
  // name, and has no console password; break_glass marks the local admins the operator CLI keeps
  // for signing in with a password while LOCAL_LOGIN=false.
  await db.schema
    .alterTable('operators')
    .addColumn('source', 'varchar(8)', (c) => c.notNull().defaultTo('local'))
    .execute();
  await db.schema.alterTable('operators').addColumn('oidc_issuer', 'varchar(255)').execute();
  await db.schema.alterTable('operators').addColumn('oidc_subject', 'varchar(255)').execute();
  await db.schema
    .alterTable('operators')
    .addColumn('break_glass', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // One operator per identity at the provider: parallel first sign-ins cannot create two.
  await db.schema
    .createIndex('operators_oidc_identity')
    .unique()
    .on('operators')
    .columns(['oidc_issuer', 'oidc_subject'])
    .execute();

  // A sign-in between the redirect to the provider and its callback: kept here, found by the
  // hash of the random handle in the browser's cookie, deleted (single use) at the callback.
  await db.schema
    .createTable('oidc_transactions')
    .addColumn('handle_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('issuer', 'varchar(255)', (c) => c.notNull())
    .addColumn('state', 'varchar(128)', (c) => c.notNull())
    .addColumn('nonce', 'varchar(128)', (c) => c.notNull())
    .addColumn('code_verifier', 'varchar(128)', (c) => c.notNull())
    .addColumn('return_to', 'varchar(512)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oidc_transactions_expires')
    .on('oidc_transactions')
    .column('expires_at')
    .execute();

  // What an SSO session needs at sign-out: the ID token, as the hint for the provider's logout.
  await db.schema
    .createTable('oidc_sessions')
    .addColumn('session_id_hash', 'varchar(64)', (c) =>
      c.primaryKey().references('sessions.id_hash').onDelete('cascade'),
    )
    .addColumn('issuer', 'varchar(255)', (c) => c.notNull())
    .addColumn('id_token', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oidc_sessions').execute();
  await db.schema.dropTable('oidc_transactions').execute();
  await db.schema.dropIndex('operators_oidc_identity').execute();
  for (const column of ['break_glass', 'oidc_subject', 'oidc_issuer', 'source']) {
    await db.schema.alterTable('operators').dropColumn(column).execute();
  }
}
