import type { Kysely } from 'kysely';

/**
 * A verification may name the one AccessKey its ticket is for (`StartVerificationRequest
 * .accessKeyId`): a ticket confirmed for key X of a user cannot be spent on key Y of the same
 * user. Additive and nullable: the release before it never writes it, and its tickets (null)
 * keep meaning "any key of the owner".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('verifications').addColumn('access_key_id', 'varchar(64)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('verifications').dropColumn('access_key_id').execute();
}
