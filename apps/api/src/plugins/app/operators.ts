import { ConsoleErrorCode, type Operator, type OperatorRole } from '@ram-console/contracts';
import { sql } from 'kysely';
import { lockInTransaction, type Db, type Executor } from '../../db/index.js';
import type { OperatorTable } from '../../db/schema.js';
import { ConsoleError, notFound, validationFailed } from '../../errors.js';
import { iso, type Clock } from '../../lib/clock.js';
import { generatePassword, hashPassword, maskPhone, needsRehash } from '../../lib/crypto.js';
import { supersedeCodesFor } from './verification.js';

export type OperatorRow = OperatorTable;

export interface NewOperator {
  username: string;
  password: string;
  role: OperatorRole;
  phone: string;
  ramUserName?: string | null | undefined;
}

/** Runs inside the change's transaction (the audit row of the decision). */
export type WithinTransaction = (trx: Executor) => Promise<void>;

export const toOperator = (row: OperatorRow, activeSessions?: number): Operator => ({
  username: row.username,
  role: row.role,
  maskedPhone: maskPhone(row.phone),
  ramUserName: row.ram_user_name,
  createdAt: row.created_at,
  mustChangePassword: row.must_change_password === 1,
  source: row.source,
  breakGlass: row.break_glass === 1,
  ...(activeSessions !== undefined ? { activeSessions } : {}),
});

/** SSO operators are signed in by their identity provider: no console password to set. */
export const ssoHasNoPassword = () =>
  new ConsoleError(ConsoleErrorCode.Forbidden, 'SSO operators have no console password', {
    reason: 'ssoOperator',
  });

const memberNeedsRamUser = () =>
  validationFailed('ramUserName', 'A member must be mapped to a RAM user');

/**
 * Local operator accounts: used by the routes, the CLI and first-start bootstrap alike. Each
 * change is one transaction with the effects it implies (sessions ended, codes superseded) and the
 * caller's audit row (`within`).
 */
export function createOperatorService(db: Db, now: Clock) {
  const get = (username: string, exec: Executor = db): Promise<OperatorRow | undefined> =>
    exec.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();

  async function require(username: string, exec: Executor = db): Promise<OperatorRow> {
    const row = await get(username, exec);
    if (!row) throw notFound(`No operator ${username}`);
    return row;
  }

  /**
   * Never leave the console without an admin: a change that may remove an admin starts its
   * transaction with `lockAdmins` and ends it with `assertAnAdminRemains` (the transaction rolls
   * back on refusal). Writing every admin row first takes the lock — SQLite: the single writer;
   * PostgreSQL: the admin rows' locks, so two admins demoting or removing each other at once run
   * one after the other (no deadlock: both wait on the same rows first) and the second counts
   * after the first's commit.
   */
  async function lockAdmins(trx: Executor): Promise<void> {
    await trx
      .updateTable('operators')
      .set({ updated_at: sql`updated_at` })
      .where('role', '=', 'admin')
      .execute();
  }

  async function assertAnAdminRemains(trx: Executor): Promise<void> {
    const r = await trx
      .selectFrom('operators')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .executeTakeFirstOrThrow();
    if (Number(r.n) === 0) {
      throw new ConsoleError(
        ConsoleErrorCode.Conflict,
        'The console must keep at least one admin',
        {
          reason: 'lastAdmin',
        },
      );
    }
  }

  /** Ends the operator's sessions but `keepIdHash`, supersedes their codes, closes step-up. */
  async function credentialsChanged(trx: Executor, username: string, keepIdHash: string | null) {
    let end = trx.deleteFrom('sessions').where('operator_username', '=', username);
    if (keepIdHash) end = end.where('id_hash', '!=', keepIdHash);
    await end.execute();
    await trx
      .updateTable('sessions')
      .set({ step_up_until: null })
      .where('operator_username', '=', username)
      .execute();
    await supersedeCodesFor(trx, username, now());
  }

  const service = {
    get,

    async list(): Promise<OperatorRow[]> {
      return db.selectFrom('operators').selectAll().orderBy('username').execute();
    },

    /** Live sessions per operator (for the Operators page). */
    async sessionCounts(): Promise<Map<string, number>> {
      const t = iso(now());
      const rows = await db
        .selectFrom('sessions')
        .select(['operator_username', (eb) => eb.fn.countAll<number>().as('n')])
        .where('expires_at', '>', t)
        .groupBy('operator_username')
        .execute();
      return new Map(rows.map((r) => [r.operator_username, Number(r.n)]));
    },

    async count(): Promise<number> {
      const r = await db
        .selectFrom('operators')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /**
     * `mustChangePassword`: the password was generated or chosen by someone else, so the new
     * operator's first session may only change it.
     */
    async create(
      input: NewOperator,
      opts: {
        mustChangePassword?: boolean;
        /** An admin who may sign in with a password while LOCAL_LOGIN=false (operator CLI). */
        breakGlass?: boolean;
      } = {},
      within?: WithinTransaction,
    ): Promise<OperatorRow> {
      if (input.role === 'member' && !input.ramUserName) throw memberNeedsRamUser();
      const t = iso(now());
      const row: OperatorRow = {
        username: input.username,
        password_hash: await hashPassword(input.password),
        role: input.role,
        phone: input.phone,
        ram_user_name: input.role === 'member' ? (input.ramUserName ?? null) : null,
        must_change_password: opts.mustChangePassword ? 1 : 0,
        created_at: t,
        updated_at: t,
        source: 'local',
        oidc_issuer: null,
        oidc_subject: null,
        break_glass: opts.breakGlass && input.role === 'admin' ? 1 : 0,
      };
      const inserted = await db.transaction().execute(async (trx) => {
        const r = await trx
          .insertInto('operators')
          .values(row)
          .onConflict((oc) => oc.column('username').doNothing())
          .executeTakeFirst();
        const ok = Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
        if (ok) await within?.(trx);
        return ok;
      });
      if (!inserted) {
        throw new ConsoleError(
          ConsoleErrorCode.Conflict,
          `Operator ${input.username} already exists`,
          { reason: 'operatorExists' },
        );
      }
      return row;
    },

    /**
     * Role (and, becoming a member, the RAM user): ends the operator's sessions but the caller's
     * own, since what they may do changed.
     */
    async setRole(
      username: string,
      change: { role: OperatorRole; ramUserName?: string | null | undefined },
      keepIdHash: string | null,
      within?: WithinTransaction,
    ): Promise<OperatorRow> {
      const current = await require(username);
      const ramUserName =
        change.role === 'member' ? (change.ramUserName ?? current.ram_user_name) : null;
      if (change.role === 'member' && !ramUserName) throw memberNeedsRamUser();
      const demotes = current.role === 'admin' && change.role !== 'admin';
      await db.transaction().execute(async (trx) => {
        if (demotes) await lockAdmins(trx);
        await trx
          .updateTable('operators')
          .set({ role: change.role, ram_user_name: ramUserName, updated_at: iso(now()) })
          .where('username', '=', username)
          .execute();
        if (demotes) await assertAnAdminRemains(trx);
        if (current.role !== change.role) await credentialsChanged(trx, username, keepIdHash);
        await within?.(trx);
      });
      return require(username);
    },

    /** A member's RAM user (admins have none). */
    async setRamUser(
      username: string,
      ramUserName: string,
      within?: WithinTransaction,
    ): Promise<OperatorRow> {
      const current = await require(username);
      if (current.role !== 'member') {
        throw validationFailed('ramUserName', 'Only members are mapped to a RAM user');
      }
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('operators')
          .set({ ram_user_name: ramUserName, updated_at: iso(now()) })
          .where('username', '=', username)
          .execute();
        await within?.(trx);
      });
      return require(username);
    },

    /**
     * A new password: ends the operator's other sessions (all of them unless `keepIdHash` is the
     * caller's own) and supersedes their pending codes. `mustChangePassword` when someone else
     * chose it (an admin's reset, a generated one).
     */
    async setPassword(
      username: string,
      password: string,
      opts: {
        mustChangePassword: boolean;
        keepIdHash: string | null;
        /**
         * One's own change: the hash the current password was checked against. The UPDATE is
         * conditional on it, so of parallel changes with the same current password one wins and
         * the others answer CurrentPasswordIncorrect (the current password is no longer that).
         */
        replacesHash?: string;
      },
      within?: WithinTransaction,
    ): Promise<OperatorRow> {
      const current = await require(username);
      if (current.source === 'sso') throw ssoHasNoPassword();
      const hash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('operators')
          .set({
            password_hash: hash,
            must_change_password: opts.mustChangePassword ? 1 : 0,
            updated_at: iso(now()),
          })
          .where('username', '=', username)
          .$if(opts.replacesHash !== undefined, (q) =>
            q.where('password_hash', '=', opts.replacesHash!),
          )
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) {
          throw opts.replacesHash !== undefined
            ? new ConsoleError(
                ConsoleErrorCode.CurrentPasswordIncorrect,
                'The current password is not correct',
              )
            : notFound(`No operator ${username}`);
        }
        await credentialsChanged(trx, username, opts.keepIdHash);
        await within?.(trx);
      });
      return require(username);
    },

    /**
     * A confirmed new phone (the route has checked the new number's code): ends the operator's
     * other sessions, supersedes the codes sent to the old number, closes step-up windows.
     * `confirm` runs first in the transaction (the single winner of the code).
     */
    async setPhone(
      username: string,
      phone: string,
      keepIdHash: string | null,
      confirm: WithinTransaction,
      within?: WithinTransaction,
    ): Promise<{ row: OperatorRow; oldPhone: string }> {
      const current = await require(username);
      await db.transaction().execute(async (trx) => {
        await confirm(trx);
        await trx
          .updateTable('operators')
          .set({ phone, updated_at: iso(now()) })
          .where('username', '=', username)
          .execute();
        await credentialsChanged(trx, username, keepIdHash);
        await within?.(trx);
      });
      return { row: await require(username), oldPhone: current.phone };
    },

    async remove(username: string, within?: WithinTransaction): Promise<void> {
      await require(username);
      await db.transaction().execute(async (trx) => {
        await lockAdmins(trx);
        await trx.deleteFrom('sessions').where('operator_username', '=', username).execute();
        await trx.deleteFrom('operators').where('username', '=', username).execute();
        await assertAnAdminRemains(trx);
        await supersedeCodesFor(trx, username, now());
        await within?.(trx);
      });
    },

    /**
     * After a successful sign-in with a hash from older scrypt parameters: store today's. The
     * conditional UPDATE leaves a password changed meanwhile alone.
     */
    async rehashIfNeeded(row: OperatorRow, password: string): Promise<boolean> {
      if (!needsRehash(row.password_hash)) return false;
      const hash = await hashPassword(password);
      const r = await db
        .updateTable('operators')
        .set({ password_hash: hash })
        .where('username', '=', row.username)
        .where('password_hash', '=', row.password_hash)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /**
     * First start: with no operator at all, create the first admin from CONSOLE_ADMIN_* (or a
     * generated password, returned so server.ts prints it once; it must be changed at the first
     * sign-in). Instances starting together on an empty database create one admin: the check
     * and the insert hold one lock.
     */
    async ensureFirstAdmin(opts: {
      username?: string | undefined;
      password?: string | undefined;
      phone?: string | undefined;
      defaultPhone?: string | undefined;
      /** Why a generated password is not acceptable here (PostgreSQL: several instances). */
      passwordRequired?: string | undefined;
    }): Promise<{ username: string; generatedPassword: string | null } | null> {
      if ((await service.count()) > 0) return null;
      const phone = opts.phone ?? opts.defaultPhone;
      if (!phone) {
        throw new Error(
          'No operator exists yet: set CONSOLE_ADMIN_PHONE (and CONSOLE_ADMIN_USERNAME / CONSOLE_ADMIN_PASSWORD) to create the first admin',
        );
      }
      if (!opts.password && opts.passwordRequired) {
        throw new Error(
          `No operator exists yet: set CONSOLE_ADMIN_PASSWORD (${opts.passwordRequired})`,
        );
      }
      const username = opts.username ?? 'admin';
      const generatedPassword = opts.password ? null : generatePassword();
      const t = iso(now());
      const row: OperatorRow = {
        username,
        password_hash: await hashPassword(opts.password ?? generatedPassword!),
        role: 'admin',
        phone,
        ram_user_name: null,
        must_change_password: generatedPassword !== null ? 1 : 0,
        created_at: t,
        updated_at: t,
        source: 'local',
        oidc_issuer: null,
        oidc_subject: null,
        // Set up by whoever runs the server, like the CLI's admins: break-glass.
        break_glass: 1,
      };
      const created = await db.transaction().execute(async (trx) => {
        await lockInTransaction(trx, 'first-admin');
        const existing = await trx
          .selectFrom('operators')
          .select('username')
          .limit(1)
          .executeTakeFirst();
        if (existing) return false;
        await trx.insertInto('operators').values(row).execute();
        return true;
      });
      return created ? { username, generatedPassword } : null;
    },
  };
  return service;
}

export type OperatorService = ReturnType<typeof createOperatorService>;
