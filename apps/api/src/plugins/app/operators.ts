import type { Operator, OperatorRole } from '@ram-console/contracts';
import type { Db, Executor } from '../../db/index.js';
import type { OperatorTable } from '../../db/schema.js';
import { ApiHttpError } from '../../errors.js';
import { iso, type Clock } from '../../lib/clock.js';
import { generatePassword, hashPassword, maskPhone } from '../../lib/crypto.js';

export type OperatorRow = OperatorTable;

export interface NewOperator {
  username: string;
  password: string;
  role: OperatorRole;
  phone: string;
  ramUserName?: string | null | undefined;
}

export interface OperatorChanges {
  password?: string | undefined;
  role?: OperatorRole | undefined;
  phone?: string | undefined;
  ramUserName?: string | null | undefined;
}

/** Runs inside the change's transaction (the audit row of the decision). */
export type WithinTransaction = (trx: Executor) => Promise<void>;

export const toOperator = (row: OperatorRow): Operator => ({
  username: row.username,
  role: row.role,
  maskedPhone: maskPhone(row.phone),
  ramUserName: row.ram_user_name,
  createdAt: row.created_at,
});

/** Local operator accounts: used by the routes, the CLI and first-start bootstrap alike. */
export function createOperatorService(db: Db, now: Clock) {
  const service = {
    async get(username: string): Promise<OperatorRow | undefined> {
      return db
        .selectFrom('operators')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
    },

    async list(): Promise<OperatorRow[]> {
      return db.selectFrom('operators').selectAll().orderBy('username').execute();
    },

    async count(): Promise<number> {
      const r = await db
        .selectFrom('operators')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async create(input: NewOperator, within?: WithinTransaction): Promise<OperatorRow> {
      if (input.role === 'member' && !input.ramUserName) {
        throw new ApiHttpError(400, 'ValidationFailed', 'A member must be mapped to a RAM user', {
          issues: [{ path: 'ramUserName', message: 'A member must be mapped to a RAM user' }],
        });
      }
      const t = iso(now());
      const row: OperatorRow = {
        username: input.username,
        password_hash: await hashPassword(input.password),
        role: input.role,
        phone: input.phone,
        ram_user_name: input.role === 'member' ? (input.ramUserName ?? null) : null,
        failed_logins: 0,
        locked_until: null,
        created_at: t,
        updated_at: t,
      };
      const inserted = await db.transaction().execute(async (trx) => {
        const r = await trx
          .insertInto('operators')
          .values(row)
          .onConflict((oc) => oc.column('username').doNothing())
          .executeTakeFirst();
        if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) await within?.(trx);
        return r;
      });
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
        throw new ApiHttpError(409, 'Conflict', `Operator ${input.username} already exists`);
      }
      return row;
    },

    async update(
      username: string,
      changes: OperatorChanges,
      within?: WithinTransaction,
    ): Promise<OperatorRow> {
      const current = await service.get(username);
      if (!current) throw new ApiHttpError(404, 'NotFound', `No operator ${username}`);
      const role = changes.role ?? current.role;
      const ramUserName =
        changes.ramUserName !== undefined ? changes.ramUserName : current.ram_user_name;
      if (role === 'member' && !ramUserName) {
        throw new ApiHttpError(400, 'ValidationFailed', 'A member must be mapped to a RAM user', {
          issues: [{ path: 'ramUserName', message: 'A member must be mapped to a RAM user' }],
        });
      }
      if (current.role === 'admin' && role !== 'admin') await service.assertAnotherAdmin(username);
      const patch: Partial<OperatorRow> = {
        role,
        ram_user_name: role === 'member' ? ramUserName : null,
        updated_at: iso(now()),
      };
      if (changes.phone !== undefined) patch.phone = changes.phone;
      if (changes.password !== undefined) {
        patch.password_hash = await hashPassword(changes.password);
        patch.failed_logins = 0;
        patch.locked_until = null;
      }
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('operators').set(patch).where('username', '=', username).execute();
        // A new password or a role change ends the operator's sessions.
        if (changes.password !== undefined || role !== current.role) {
          await trx.deleteFrom('sessions').where('operator_username', '=', username).execute();
        }
        await within?.(trx);
      });
      return (await service.get(username))!;
    },

    async remove(username: string, within?: WithinTransaction): Promise<void> {
      const current = await service.get(username);
      if (!current) throw new ApiHttpError(404, 'NotFound', `No operator ${username}`);
      if (current.role === 'admin') await service.assertAnotherAdmin(username);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('sessions').where('operator_username', '=', username).execute();
        await trx.deleteFrom('operators').where('username', '=', username).execute();
        await within?.(trx);
      });
    },

    /** Never leave the console without an admin. */
    async assertAnotherAdmin(username: string): Promise<void> {
      const others = await db
        .selectFrom('operators')
        .select('username')
        .where('role', '=', 'admin')
        .where('username', '!=', username)
        .execute();
      if (others.length === 0) {
        throw new ApiHttpError(409, 'Conflict', 'The console must keep at least one admin');
      }
    },

    /**
     * First start: with no operator at all, create the first admin from CONSOLE_ADMIN_* (or a
     * generated password, returned so server.ts prints it once).
     */
    async ensureFirstAdmin(opts: {
      username?: string | undefined;
      password?: string | undefined;
      phone?: string | undefined;
      defaultPhone?: string | undefined;
    }): Promise<{ username: string; generatedPassword: string | null } | null> {
      if ((await service.count()) > 0) return null;
      const phone = opts.phone ?? opts.defaultPhone;
      if (!phone) {
        throw new Error(
          'No operator exists yet: set CONSOLE_ADMIN_PHONE (and CONSOLE_ADMIN_USERNAME / CONSOLE_ADMIN_PASSWORD) to create the first admin',
        );
      }
      const username = opts.username ?? 'admin';
      const generatedPassword = opts.password ? null : generatePassword();
      await service.create({
        username,
        password: opts.password ?? generatedPassword!,
        role: 'admin',
        phone,
      });
      return { username, generatedPassword };
    },
  };
  return service;
}

export type OperatorService = ReturnType<typeof createOperatorService>;
