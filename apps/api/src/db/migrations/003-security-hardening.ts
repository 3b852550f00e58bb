import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/**
 * Issue 9 (security hardening). Portable DDL and DML only: this runs unchanged on PostgreSQL
 * (partial unique index, ON CONFLICT with its predicate, `substr`, no SQLite-only syntax).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Audit: operator actions get their own names and name their target in a column instead of
  // `CreateOperator:<name>`; verified actions say how they were verified (ticket or step-up).
  await db.schema.alterTable('audit_events').addColumn('target_operator', 'varchar(64)').execute();
  await db.schema.alterTable('audit_events').addColumn('verification', 'varchar(16)').execute();
  for (const action of ['CreateOperator', 'UpdateOperator', 'DeleteOperator']) {
    const prefix = `${action}:`;
    await sql`
      UPDATE audit_events
      SET action = ${action}, target_operator = substr(action, ${prefix.length + 1})
      WHERE action LIKE ${`${prefix}%`}
    `.execute(db);
  }
  await db.schema
    .createIndex('audit_events_target_operator')
    .on('audit_events')
    .column('target_operator')
    .execute();

  // Verification tickets for operator changes are bound to the operator acted upon.
  await db.schema.alterTable('verifications').addColumn('target_operator', 'varchar(64)').execute();
  // Codes are now kept as an HMAC with a server key: pending codes hashed the old way cannot be
  // confirmed any more, so say so (they expire within 5 minutes anyway).
  await sql`UPDATE verifications SET state = 'superseded' WHERE state IS NULL`.execute(db);

  // Sign-in: a throttle per (username, client IP) replaces the account-wide lock.
  await db.schema.alterTable('operators').dropColumn('failed_logins').execute();
  await db.schema.alterTable('operators').dropColumn('locked_until').execute();
  await db.schema
    .alterTable('operators')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('login_throttles')
    // The name as typed (an unknown name gets the same treatment as a known one).
    .addColumn('username', 'varchar(64)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_failure_at', 'varchar(32)')
    .addColumn('blocked_until', 'varchar(32)')
    .addPrimaryKeyConstraint('login_throttles_pk', ['username', 'ip'])
    .execute();

  // Sessions: a public id to list and end them by (never the hash of the cookie), the browser,
  // and the end of the step-up window.
  await db.schema.alterTable('sessions').addColumn('public_id', 'varchar(64)').execute();
  await db.schema.alterTable('sessions').addColumn('user_agent', 'varchar(255)').execute();
  await db.schema.alterTable('sessions').addColumn('step_up_until', 'varchar(32)').execute();
  const sessions = await sql<{ id_hash: string }>`SELECT id_hash FROM sessions`.execute(db);
  for (const s of sessions.rows) {
    await sql`UPDATE sessions SET public_id = ${randomUUID()} WHERE id_hash = ${s.id_hash}`.execute(
      db,
    );
  }
  await db.schema
    .createIndex('sessions_public_id')
    .unique()
    .on('sessions')
    .column('public_id')
    .execute();

  // One active rotation per RAM user, enforced by the database (the insert's conflict is the
  // 409): first end any duplicate an earlier race may have left, keeping the newest.
  await sql`
    UPDATE rotations SET state = 'cancelled'
    WHERE state = 'active' AND id < (
      SELECT max(r2.id) FROM rotations r2
      WHERE r2.ram_user_name = rotations.ram_user_name AND r2.state = 'active'
    )
  `.execute(db);
  await db.schema
    .createIndex('rotations_one_active')
    .unique()
    .on('rotations')
    .column('ram_user_name')
    .where(sql<boolean>`state = 'active'`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('rotations_one_active').execute();
  await db.schema.dropIndex('sessions_public_id').execute();
  for (const c of ['step_up_until', 'user_agent', 'public_id']) {
    await db.schema.alterTable('sessions').dropColumn(c).execute();
  }
  await db.schema.dropTable('login_throttles').execute();
  await db.schema.alterTable('operators').dropColumn('must_change_password').execute();
  await db.schema
    .alterTable('operators')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('operators').addColumn('locked_until', 'varchar(32)').execute();
  await db.schema.alterTable('verifications').dropColumn('target_operator').execute();
  await db.schema.dropIndex('audit_events_target_operator').execute();
  await db.schema.alterTable('audit_events').dropColumn('verification').execute();
  await db.schema.alterTable('audit_events').dropColumn('target_operator').execute();
}
