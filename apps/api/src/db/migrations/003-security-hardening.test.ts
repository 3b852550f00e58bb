import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as m001 from './001-initial.js';
import * as m002 from './002-rotations.js';
import * as m003 from './003-security-hardening.js';

/** A database as the console left it before issue 9, then migrated. */
describe('migration 003 (security hardening) on existing data', () => {
  it('moves operator targets out of action names, ends duplicate active rotations, keeps sessions', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema of older versions
    const db = new Kysely<any>({
      dialect: new SqliteDialect({ database: new SQLite(':memory:') }),
    });
    const upTo = (m: Record<string, Migration>) =>
      new Migrator({ db, provider: { getMigrations: async () => m } }).migrateToLatest();
    expect((await upTo({ '001-initial': m001, '002-rotations': m002 })).error).toBeUndefined();

    const t = '2026-11-01T00:00:00.000Z';
    await db
      .insertInto('operators')
      .values({
        username: 'admin',
        password_hash: 'scrypt$16384$8$1$a$b',
        role: 'admin',
        phone: '+8613800000001',
        ram_user_name: null,
        failed_logins: 3,
        locked_until: null,
        created_at: t,
        updated_at: t,
      })
      .execute();
    const audit = (action: string) => ({
      time: t,
      operator: 'admin',
      action,
      outcome: 'success',
      request_id: 'r',
    });
    await db
      .insertInto('audit_events')
      .values([
        audit('CreateOperator:bob'),
        audit('UpdateOperator:bob.smith'),
        audit('DeleteOperator:x-1'),
        audit('CreateAccessKey'),
      ])
      .execute();
    await db
      .insertInto('sessions')
      .values({
        id_hash: 'h1',
        operator_username: 'admin',
        csrf_token: 'c',
        ip: null,
        created_at: t,
        last_seen_at: t,
        expires_at: t,
      })
      .execute();
    const rotation = (id: number) => ({
      id,
      ram_user_name: 'alice',
      old_access_key_id: 'LTAI1',
      step: 'create-new-key',
      state: 'active',
      started_by: 'admin',
      started_at: t,
      updated_at: t,
    });
    await db
      .insertInto('rotations')
      .values([rotation(1), rotation(2)])
      .execute();
    await db
      .insertInto('verifications')
      .values({
        id: 'v1',
        session_id_hash: 'h1',
        operator_username: 'admin',
        action: 'CreateAccessKey',
        phone: '+8613800000001',
        code_hash: 'old',
        attempts: 0,
        created_at: t,
        expires_at: t,
      })
      .execute();

    expect(
      (await upTo({ '001-initial': m001, '002-rotations': m002, '003-security-hardening': m003 }))
        .error,
    ).toBeUndefined();

    const rows = await db
      .selectFrom('audit_events')
      .select(['action', 'target_operator'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { action: 'CreateOperator', target_operator: 'bob' },
      { action: 'UpdateOperator', target_operator: 'bob.smith' },
      { action: 'DeleteOperator', target_operator: 'x-1' },
      { action: 'CreateAccessKey', target_operator: null },
    ]);
    const rotations = await db
      .selectFrom('rotations')
      .select(['id', 'state'])
      .orderBy('id')
      .execute();
    expect(rotations).toEqual([
      { id: 1, state: 'cancelled' },
      { id: 2, state: 'active' },
    ]);
    // The database now refuses a second active rotation of the same user.
    await expect(db.insertInto('rotations').values(rotation(3)).execute()).rejects.toThrow(
      /UNIQUE/,
    );
    const session = await db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
    expect(session.public_id).toMatch(/^[0-9a-f-]{36}$/);
    const op = await db.selectFrom('operators').selectAll().executeTakeFirstOrThrow();
    expect(op).not.toHaveProperty('failed_logins');
    expect(op).not.toHaveProperty('locked_until');
    expect(op.must_change_password).toBe(0);
    const v = await db.selectFrom('verifications').select('state').executeTakeFirstOrThrow();
    expect(v.state).toBe('superseded');
    expect(
      (
        await sql<{
          name: string;
        }>`SELECT name FROM sqlite_master WHERE name = 'login_throttles'`.execute(db)
      ).rows,
    ).toHaveLength(1);
    await db.destroy();
  });
});
