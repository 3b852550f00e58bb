import {
  ACCOUNT_ACCESS_KEY_LIMIT,
  ConsoleErrorCode,
  USER_ACCESS_KEY_LIMIT,
  keyHygiene,
  type AccessKeyStatus,
  type AccessKeySummary,
  type KeyFlag,
  type KeyPolicy,
  type CreateAccessKeyResponse,
  type ListAccessKeysResponse,
  type AuditAction,
  type AuditVerification,
  type VerifiedAction,
} from '@ram-console/contracts';
import type { Db, Executor } from '../../db/index.js';
import { ApiHttpError, ConsoleError } from '../../errors.js';
import { iso, type Clock } from '../../lib/clock.js';
import type { AuditService } from './audit.js';
import type { PendingActions } from './pending-actions.js';
import type { RamGateway } from './ram-gateway.js';
import type { VerificationService } from './verification.js';

/** Who is asking, for tickets and audit rows. */
export interface ActionContext {
  operator: string;
  sessionIdHash: string;
  requestId: string;
  ip: string | null;
  ticket: string | undefined;
}

/**
 * AccessKey use cases shared by the account's keys (`userName` null) and a RAM user's keys:
 * ticket check, the RAM call through the gateway, the console's own description table, and one
 * audit row per attempt whatever the outcome.
 */
export function createAccessKeyService(deps: {
  db: Db;
  now: Clock;
  ram: RamGateway;
  audit: AuditService;
  verification: VerificationService;
  accountAlias: () => Promise<string>;
  /** Thresholds for the hygiene flags (config: UNUSED_FOR_DAYS, OLDER_THAN_DAYS, KEY_MAX_AGE_DAYS). */
  policy: KeyPolicy;
  /** The key the console itself signs with: disabling or deleting it would lock the console out. */
  consoleAccessKeyId?: string | undefined;
  /** For what must not be lost when the database fails after RAM acted (ids, never secrets). */
  log: { error(obj: object, msg: string): void };
  /**
   * The account's MaxIdleDaysForAccessKeys (IMS security preference), for the
   * `idle-disable-soon` flag; null when it cannot be read (no flag then).
   */
  maxIdleDays?: () => Promise<number | null>;
  /** Verified changes are pending from the ticket's spending to their audit row. */
  pending?: PendingActions | undefined;
}) {
  const { db, ram, audit, verification } = deps;
  /** The audit action/key of the request in progress (EnableAccessKey for a ticket, etc.). */
  const auditAction = new WeakMap<ActionContext, AuditAction>();
  const auditKey = new WeakMap<ActionContext, string>();
  /** How the request in progress was verified (ticket or step-up window), for its success row. */
  const auditVerification = new WeakMap<ActionContext, AuditVerification>();
  /** The pending-action row of the request in progress (written with the ticket's spending). */
  const pendingId = new WeakMap<ActionContext, string>();

  /**
   * The action's audit row, and the end of its pending-action row in the same transaction: an
   * attempt is recorded either by this row or, if the process stops first, by another instance.
   */
  async function writeRow(ctx: ActionContext, write: (trx: Executor) => Promise<void>) {
    const id = pendingId.get(ctx);
    if (!id || !deps.pending) return write(db);
    pendingId.delete(ctx);
    const pending = deps.pending;
    await db.transaction().execute(async (trx) => {
      await write(trx);
      await pending.done(id, trx);
    });
  }

  async function audited<T>(
    ctx: ActionContext,
    entry: { action: AuditAction; ramUserName: string | null; accessKeyId?: string | null },
    run: () => Promise<{ result: T; ramRequestId: string | null; accessKeyId?: string | null }>,
    opts: { keepResult?: boolean } = {},
  ): Promise<T> {
    auditAction.set(ctx, entry.action);
    if (entry.accessKeyId) auditKey.set(ctx, entry.accessKeyId);
    try {
      const { result, ramRequestId, accessKeyId } = await run();
      const row = {
        operator: ctx.operator,
        action: entry.action,
        ramUserName: entry.ramUserName,
        accessKeyId: accessKeyId ?? entry.accessKeyId ?? null,
        outcome: 'success' as const,
        verification: auditVerification.get(ctx) ?? null,
        requestId: ctx.requestId,
        ramRequestId,
        ip: ctx.ip,
      };
      if (!opts.keepResult) {
        await writeRow(ctx, (trx) => audit.record(row, trx));
        return result;
      }
      // RAM has acted and the result exists nowhere else (a new key's secret): a failed audit
      // write is logged with the ids for the admin to reconcile, never turned into an error.
      try {
        await writeRow(ctx, (trx) => audit.record(row, trx));
      } catch (err) {
        deps.log.error(
          { err, audit: row },
          'RAM made the change but its audit row was not written',
        );
      }
      return result;
    } catch (err) {
      const e = err instanceof ApiHttpError ? err : null;
      await writeRow(ctx, (trx) =>
        audit.recordFailure(
          err,
          {
            operator: ctx.operator,
            action: entry.action,
            ramUserName: entry.ramUserName,
            accessKeyId:
              entry.accessKeyId ??
              (e?.extra.orphanAccessKeyIds?.length ? e.extra.orphanAccessKeyIds.join(',') : null),
            errorCode: e?.code ?? ConsoleErrorCode.InternalError,
            requestId: ctx.requestId,
            ramRequestId: e?.extra.ramRequestId ?? null,
            ip: ctx.ip,
          },
          trx,
        ),
      );
      throw err;
    }
  }

  /**
   * Spend the ticket (or use the step-up window), or refuse: a refusal and its audit row are one
   * transaction, so the decision is never without its record.
   */
  async function requireTicket(
    ctx: ActionContext,
    action: VerifiedAction,
    ramUserName: string | null,
    /** Key actions: the key acted upon, which a ticket bound to a key must name. */
    accessKeyId: string | null = null,
  ) {
    const refusal = {
      operator: ctx.operator,
      action: auditAction.get(ctx) ?? action,
      ramUserName,
      accessKeyId: auditKey.get(ctx) ?? null,
      requestId: ctx.requestId,
      ip: ctx.ip,
    };
    const pending = deps.pending;
    const verdict = await verification.requireVerified(
      {
        ticket: ctx.ticket,
        sessionIdHash: ctx.sessionIdHash,
        target: { action, ramUserName, targetOperator: null, accessKeyId },
      },
      refusal,
      pending
        ? async (trx, how) => {
            pendingId.set(ctx, await pending.begin({ ...refusal, verification: how }, trx));
          }
        : undefined,
    );
    auditVerification.set(ctx, verdict);
  }

  function guardConsoleKey(accessKeyId: string) {
    if (deps.consoleAccessKeyId && accessKeyId === deps.consoleAccessKeyId) {
      throw new ConsoleError(
        ConsoleErrorCode.AccessKeyProtected,
        'This is the AccessKey the console itself uses to call RAM; it cannot be disabled or deleted here',
        { reason: 'usedByConsole' },
      );
    }
  }

  /**
   * The key must be one RAM lists for this user (or the account) before anything is done with it:
   * the audit row then names its real owner, a member cannot act on another user's key even where
   * RAM would look the ID up across users, and a ticket is not spent on someone else's key.
   */
  async function requireKeyOf(userName: string | null, accessKeyId: string) {
    const listed = await ram.listAccessKeys(userName);
    if (!listed.value.some((k) => k.accessKeyId === accessKeyId)) {
      throw new ApiHttpError(
        404,
        'EntityNotExist.User.AccessKey',
        `The AccessKey ${accessKeyId} does not exist${userName === null ? '' : ` for ${userName}`}`,
      );
    }
    return listed;
  }

  /**
   * The keys with last use, description, age and flags (by the injected clock). Last use comes
   * from the gateway's short cache unless `fresh` (the rotation wizard's polling).
   */
  async function summaries(
    userName: string | null,
    opts: { fresh?: boolean } = {},
  ): Promise<AccessKeySummary[]> {
    const { value: keys } = await ram.listAccessKeys(userName);
    const ids = keys.map((k) => k.accessKeyId);
    const descriptions = ids.length
      ? await db
          .selectFrom('key_descriptions')
          .select(['access_key_id', 'description'])
          .where('access_key_id', 'in', ids)
          .execute()
      : [];
    const byId = new Map(descriptions.map((d) => [d.access_key_id, d.description]));
    const [lastUse, maxIdleDays] = await Promise.all([
      Promise.all(keys.map((k) => ram.getAccessKeyLastUse(userName, k.accessKeyId, opts))),
      // RAM's idle rule covers RAM users' keys only.
      userName === null || !deps.maxIdleDays ? null : deps.maxIdleDays().catch(() => null),
    ]);
    const now = deps.now();
    return keys.map((k, i) => {
      const lastUsedDate = lastUse[i]?.date ?? null;
      const idle = k.status === 'Active' && maxIdleDays !== null ? { maxIdleDays } : null;
      return {
        accessKeyId: k.accessKeyId,
        status: k.status,
        createDate: k.createDate,
        lastUsedDate,
        lastUsedService: lastUse[i]?.service ?? null,
        description: byId.get(k.accessKeyId) ?? null,
        ...keyHygiene({ createDate: k.createDate, lastUsedDate }, now, deps.policy, idle),
        usedByConsole: k.accessKeyId === deps.consoleAccessKeyId,
      };
    });
  }

  async function forgetDescriptions(accessKeyIds: string[]): Promise<void> {
    if (accessKeyIds.length === 0) return;
    await db.deleteFrom('key_descriptions').where('access_key_id', 'in', accessKeyIds).execute();
  }

  return {
    requireTicket,
    requireKeyOf,
    audited,
    policy: deps.policy,

    summaries,

    async list(userName: string | null, flag?: KeyFlag): Promise<ListAccessKeysResponse> {
      const all = await summaries(userName);
      return {
        accessKeys: flag ? all.filter((k) => k.flags.includes(flag)) : all,
        limit: userName === null ? ACCOUNT_ACCESS_KEY_LIMIT : USER_ACCESS_KEY_LIMIT,
        policy: deps.policy,
      };
    },

    /**
     * Description only: no ticket (it changes no credential), still CSRF and audited. The key must
     * belong to this RAM user (or the account) in RAM, so a member cannot label another's key.
     */
    async setDescription(
      ctx: ActionContext,
      userName: string | null,
      accessKeyId: string,
      description: string,
    ): Promise<void> {
      await audited(
        ctx,
        { action: 'UpdateAccessKeyDescription', ramUserName: userName, accessKeyId },
        async () => {
          const { ramRequestId } = await requireKeyOf(userName, accessKeyId);
          if (description === '') {
            await db
              .deleteFrom('key_descriptions')
              .where('access_key_id', '=', accessKeyId)
              .execute();
          } else {
            await db
              .insertInto('key_descriptions')
              .values({
                access_key_id: accessKeyId,
                ram_user_name: userName,
                description,
                created_at: iso(deps.now()),
              })
              .onConflict((oc) => oc.column('access_key_id').doUpdateSet({ description }))
              .execute();
          }
          return { result: undefined, ramRequestId };
        },
      );
    },

    async create(
      ctx: ActionContext,
      userName: string | null,
      description: string | undefined,
    ): Promise<CreateAccessKeyResponse> {
      return audited(
        ctx,
        { action: 'CreateAccessKey', ramUserName: userName },
        async () => {
          await requireTicket(ctx, 'CreateAccessKey', userName);
          const { value: key, ramRequestId } = await ram.createAccessKey(userName);
          // From here the key exists and its secret is only in this answer: nothing may lose it.
          if (description) {
            try {
              await db
                .insertInto('key_descriptions')
                .values({
                  access_key_id: key.accessKeyId,
                  ram_user_name: userName,
                  description,
                  created_at: iso(deps.now()),
                })
                .onConflict((oc) => oc.column('access_key_id').doUpdateSet({ description }))
                .execute();
            } catch (err) {
              deps.log.error(
                {
                  err,
                  accessKeyId: key.accessKeyId,
                  ramUserName: userName,
                  requestId: ctx.requestId,
                },
                'AccessKey created; its description was not saved',
              );
            }
          }
          const alias = userName === null ? null : await deps.accountAlias().catch(() => '');
          return {
            result: {
              accessKey: {
                accessKeyId: key.accessKeyId,
                accessKeySecret: key.accessKeySecret,
                status: key.status,
                createDate: key.createDate,
              },
              userPrincipalName: userName === null ? null : `${userName}@${alias}.onaliyun.com`,
            },
            ramRequestId,
            accessKeyId: key.accessKeyId,
          };
        },
        { keepResult: true },
      );
    },

    async setStatus(
      ctx: ActionContext,
      userName: string | null,
      accessKeyId: string,
      status: AccessKeyStatus,
    ): Promise<void> {
      const action = status === 'Active' ? 'EnableAccessKey' : 'DisableAccessKey';
      await audited(ctx, { action, ramUserName: userName, accessKeyId }, async () => {
        // Disable is the emergency brake: no code. Enable needs a ticket.
        if (status !== 'Active') guardConsoleKey(accessKeyId);
        await requireKeyOf(userName, accessKeyId);
        if (status === 'Active') await requireTicket(ctx, 'EnableAccessKey', userName, accessKeyId);
        const { ramRequestId } = await ram.updateAccessKey(userName, accessKeyId, status);
        return { result: undefined, ramRequestId };
      });
    },

    async remove(ctx: ActionContext, userName: string | null, accessKeyId: string): Promise<void> {
      await audited(
        ctx,
        { action: 'DeleteAccessKey', ramUserName: userName, accessKeyId },
        async () => {
          guardConsoleKey(accessKeyId);
          await requireKeyOf(userName, accessKeyId);
          await requireTicket(ctx, 'DeleteAccessKey', userName, accessKeyId);
          const { ramRequestId } = await ram.deleteAccessKey(userName, accessKeyId);
          // A RAM user's key waits 30 days in RAM's recycle bin: its description stays with it
          // for a restore (Delete permanently drops it). The account's keys are gone outright.
          if (userName === null) await forgetDescriptions([accessKeyId]);
          return { result: undefined, ramRequestId };
        },
      );
    },

    forgetDescriptions,
  };
}

export type AccessKeyService = ReturnType<typeof createAccessKeyService>;
