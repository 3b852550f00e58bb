import { sql, type Kysely } from 'kysely';
import { dialectOf, type Db } from './index.js';

/**
 * What `npm run db:copy` moves from a SQLite console database into PostgreSQL. Every table of the
 * schema is in exactly one list (a test checks it against both databases), so a new table has to
 * be classified before it can be released.
 */
export const COPIED_TABLES = [
  // In dependency order (sessions would reference operators; none is copied).
  'operators',
  'audit_events',
  'key_descriptions',
  'rotations',
  'settings',
] as const;

/**
 * Not copied: everyone signs in again on the new database, codes and tickets in flight are
 * abandoned (they expire within minutes anyway), and flood windows start afresh.
 */
export const NOT_COPIED_TABLES = [
  'sessions',
  'verifications',
  'rate_limits',
  'login_throttles',
  'console_instances',
  'pending_actions',
  // SSO sign-ins in progress and SSO sessions: everyone signs in again.
  'oidc_transactions',
  'oidc_sessions',
] as const;

/** Tables with an identity id whose sequence must pass the copied ids. */
const IDENTITY_TABLES = ['audit_events', 'rotations'] as const;

const BATCH = 500;

export interface CopyResult {
  rows: Record<string, number>;
}

export class TargetNotEmptyError extends Error {}

/** The console's own tables in a database (not Kysely's migration tables). */
export async function consoleTables(db: Db): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables.map((t) => t.name).sort();
}

async function countRows(db: Db, table: string): Promise<number> {
  const r = await sql<{
    n: number | string;
  }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Copies the console's records from `source` (SQLite, migrated to this release) into `target`
 * (PostgreSQL, migrated, empty) in one transaction: all or nothing. Ids are kept (audit event
 * ids are what operators quote), and the identity sequences are moved past them.
 */
export async function copyDatabase(source: Db, target: Db): Promise<CopyResult> {
  if (dialectOf(source) !== 'sqlite') throw new Error('the source must be a SQLite database');
  if (dialectOf(target) !== 'postgres') throw new Error('the target must be PostgreSQL');
  const sourceTables = await consoleTables(source);
  const known = new Set<string>([...COPIED_TABLES, ...NOT_COPIED_TABLES]);
  const unknown = sourceTables.filter((t) => !known.has(t));
  if (unknown.length > 0) {
    throw new Error(`the source has tables this release does not know: ${unknown.join(', ')}`);
  }
  const filled: string[] = [];
  for (const table of [...COPIED_TABLES, ...NOT_COPIED_TABLES]) {
    const n = await countRows(target, table);
    if (n > 0) filled.push(`${table}: ${n}`);
  }
  if (filled.length > 0) {
    throw new TargetNotEmptyError(
      `the target database is not empty (${filled.join(', ')}); db:copy copies into an empty console database only`,
    );
  }

  const rows: Record<string, number> = {};
  await target.transaction().execute(async (trx) => {
    for (const table of COPIED_TABLES) {
      rows[table] = 0;
      // Ordered by the primary key's first column so batches are stable.
      for (let offset = 0; ; offset += BATCH) {
        const batch = await sql<Record<string, unknown>>`
          select * from ${sql.table(table)} order by 1 limit ${BATCH} offset ${offset}`.execute(
          source,
        );
        if (batch.rows.length === 0) break;
        // The same columns on either side, whatever this release's schema holds.
        const untyped = trx as unknown as Kysely<Record<string, Record<string, unknown>>>;
        await untyped.insertInto(table).values(batch.rows).execute();
        rows[table] += batch.rows.length;
        if (batch.rows.length < BATCH) break;
      }
    }
    for (const table of IDENTITY_TABLES) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'),
        coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(trx);
    }
  });
  return { rows };
}
