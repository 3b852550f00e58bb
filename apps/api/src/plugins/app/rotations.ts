import {
  type AccessKeySummary,
  type AuditAction,
  type RotationBlockReason,
  type RotationRefusalReason,
  type CreateAccessKeyResponse,
  type Rotation,
  type RotationResponse,
  type RotationStep,
} from '@ram-console/contracts';
import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { RotationTable } from '../../db/schema.js';
import { ConsoleError } from '../../errors.js';
import { addMs, iso, type Clock } from '../../lib/clock.js';
import type { AccessKeyService, ActionContext } from './access-keys.js';

type RotationRow = Omit<RotationTable, 'id'> & { id: number };

const refused = (
  reason: RotationRefusalReason,
  message: string,
  more: { step?: string; deleteAllowedAt?: string } = {},
) => new ConsoleError('RotationStepRefused', message, { reason, ...more });

/** The English the API answers with for each reason (the web app translates the reason). */
const BLOCK_MESSAGES: Record<RotationBlockReason, string> = {
  tooManyKeys:
    'This RAM user already has 2 AccessKeys, the most RAM allows: the new key needs the second slot. Delete the key that is no longer in use, then rotate the other.',
  noAccessKey: 'This RAM user has no AccessKey to rotate; create one instead.',
  onlyKeyDisabled:
    'The only AccessKey of this RAM user is disabled; enable it or delete it and create a new one.',
  alreadyInProgress: 'A rotation is already in progress for this RAM user; continue it',
};
const cannotStart = (reason: RotationBlockReason) =>
  new ConsoleError('RotationCannotStart', BLOCK_MESSAGES[reason], { reason });

/**
 * The rotation wizard's state machine for one RAM user, on the server and in the audit trail:
 * start (exactly one active key) → create the new key (ticket, shown once) → adopt (the operator
 * watches both keys' last use) → disable the old key (no ticket, like any disable) → after the
 * grace period, delete the old key (ticket). Each step writes its own audit row (`Rotation*`)
 * beside the AccessKey action's row.
 */
export function createRotationService(deps: {
  db: Db;
  now: Clock;
  accessKeys: AccessKeyService;
  graceMinutes: number;
}) {
  const { db, accessKeys } = deps;

  const toRotation = (r: RotationRow): Rotation => ({
    id: r.id,
    ramUserName: r.ram_user_name,
    oldAccessKeyId: r.old_access_key_id,
    newAccessKeyId: r.new_access_key_id,
    step: r.step as RotationStep,
    state: r.state as Rotation['state'],
    startedBy: r.started_by,
    startedAt: r.started_at,
    newKeyCreatedAt: r.new_key_created_at,
    oldKeyDisabledAt: r.old_key_disabled_at,
    deleteAllowedAt: r.old_key_disabled_at
      ? iso(addMs(new Date(r.old_key_disabled_at), deps.graceMinutes * 60_000))
      : null,
    completedAt: r.completed_at,
    updatedAt: r.updated_at,
  });

  async function active(userName: string): Promise<RotationRow | undefined> {
    return db
      .selectFrom('rotations')
      .selectAll()
      .where('ram_user_name', '=', userName)
      .where('state', '=', 'active')
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  async function requireActive(userName: string, step: RotationStep): Promise<RotationRow> {
    const row = await active(userName);
    if (!row) {
      throw refused('notInProgress', `No rotation is in progress for ${userName}; start one first`);
    }
    if (row.step !== step) {
      throw refused(
        'wrongStep',
        `The rotation is at step "${row.step}", not "${step}"; reload to continue`,
        { step: row.step },
      );
    }
    return row;
  }

  async function update(id: number, values: Partial<Omit<RotationRow, 'id'>>) {
    await db
      .updateTable('rotations')
      .set({ ...values, updated_at: iso(deps.now()) })
      .where('id', '=', id)
      .execute();
  }

  function cannotStartReason(keys: AccessKeySummary[]): RotationBlockReason | null {
    if (keys.length >= 2) return 'tooManyKeys';
    if (keys.length === 0) return 'noAccessKey';
    if (keys[0]!.status !== 'Active') return 'onlyKeyDisabled';
    return null;
  }

  /** The new key signed a request, and the old key has not been used since (or never was). */
  function adopted(keys: AccessKeySummary[], row: RotationRow | undefined): boolean {
    if (!row?.new_access_key_id) return false;
    const oldKey = keys.find((k) => k.accessKeyId === row.old_access_key_id);
    const newKey = keys.find((k) => k.accessKeyId === row.new_access_key_id);
    if (!newKey?.lastUsedDate) return false;
    if (!oldKey?.lastUsedDate) return true;
    return Date.parse(oldKey.lastUsedDate) < Date.parse(newKey.lastUsedDate);
  }

  async function step<T>(
    ctx: ActionContext,
    action: AuditAction,
    userName: string,
    accessKeyId: string | null,
    run: () => Promise<T>,
  ): Promise<T> {
    return accessKeys.audited(ctx, { action, ramUserName: userName, accessKeyId }, async () => ({
      result: await run(),
      ramRequestId: null,
    }));
  }

  return {
    graceMinutes: deps.graceMinutes,

    async get(userName: string): Promise<RotationResponse> {
      const [keys, row] = await Promise.all([
        // The wizard polls this to see the new key adopted: always RAM's latest last use.
        accessKeys.summaries(userName, { fresh: true }),
        active(userName).then(
          (a) =>
            a ??
            db
              .selectFrom('rotations')
              .selectAll()
              .where('ram_user_name', '=', userName)
              .orderBy('id', 'desc')
              .executeTakeFirst(),
        ),
      ]);
      return {
        rotation: row ? toRotation(row) : null,
        accessKeys: keys,
        newKeyAdopted: adopted(keys, row),
        cannotStartReason: row?.state === 'active' ? null : cannotStartReason(keys),
        gracePeriodMinutes: deps.graceMinutes,
        oldKeyDeletable:
          row?.state === 'active' &&
          row.step === 'delete-old' &&
          !!row.old_key_disabled_at &&
          deps.now() >= addMs(new Date(row.old_key_disabled_at), deps.graceMinutes * 60_000),
        policy: accessKeys.policy,
      };
    },

    async start(ctx: ActionContext, userName: string): Promise<Rotation> {
      return step(ctx, 'RotationStart', userName, null, async () => {
        if (await active(userName)) throw cannotStart('alreadyInProgress');
        const keys = await accessKeys.summaries(userName);
        const reason = cannotStartReason(keys);
        if (reason) throw cannotStart(reason);
        const t = iso(deps.now());
        // The unique partial index (one active rotation per RAM user) decides between parallel
        // starts: the loser's insert conflicts and returns no row. The same statement works on
        // PostgreSQL (ON CONFLICT names the partial index by its column and predicate).
        const inserted = await db
          .insertInto('rotations')
          .values({
            ram_user_name: userName,
            old_access_key_id: keys[0]!.accessKeyId,
            new_access_key_id: null,
            step: 'create-new-key',
            state: 'active',
            started_by: ctx.operator,
            started_at: t,
            new_key_created_at: null,
            old_key_disabled_at: null,
            completed_at: null,
            updated_at: t,
          })
          .onConflict((oc) =>
            oc
              .column('ram_user_name')
              .where(sql<boolean>`state = 'active'`)
              .doNothing(),
          )
          .returning('id')
          .executeTakeFirst();
        if (!inserted) throw cannotStart('alreadyInProgress');
        const row = await db
          .selectFrom('rotations')
          .selectAll()
          .where('id', '=', inserted.id)
          .executeTakeFirstOrThrow();
        return toRotation(row);
      });
    },

    /** The normal verified create (ticket for CreateAccessKey on this user), recorded here. */
    async createNewKey(
      ctx: ActionContext,
      userName: string,
      description: string | undefined,
    ): Promise<CreateAccessKeyResponse> {
      return accessKeys.audited(
        ctx,
        { action: 'RotationCreateNewKey', ramUserName: userName },
        async () => {
          const row = await requireActive(userName, 'create-new-key');
          const created = await accessKeys.create(ctx, userName, description);
          const id = created.accessKey.accessKeyId;
          await update(row.id, {
            new_access_key_id: id,
            new_key_created_at: iso(deps.now()),
            step: 'adopt',
          });
          return { result: created, ramRequestId: null, accessKeyId: id };
        },
      );
    },

    /** No ticket (disable is the emergency brake); the operator decides the new key is in use. */
    async disableOldKey(ctx: ActionContext, userName: string): Promise<void> {
      await step(ctx, 'RotationDisableOldKey', userName, null, async () => {
        const row = await requireActive(userName, 'adopt');
        const keys = await accessKeys.summaries(userName);
        const newKey = keys.find((k) => k.accessKeyId === row.new_access_key_id);
        if (!newKey || newKey.status !== 'Active') {
          throw refused(
            'newKeyUnavailable',
            'The new AccessKey is missing or disabled; the old key stays enabled',
          );
        }
        await accessKeys.setStatus(ctx, userName, row.old_access_key_id, 'Inactive');
        await update(row.id, { old_key_disabled_at: iso(deps.now()), step: 'delete-old' });
      });
    },

    /** Ticket for DeleteAccessKey; only once the grace period after the disable has passed. */
    async deleteOldKey(ctx: ActionContext, userName: string): Promise<void> {
      await step(ctx, 'RotationDeleteOldKey', userName, null, async () => {
        const row = await requireActive(userName, 'delete-old');
        const allowedAt = addMs(new Date(row.old_key_disabled_at!), deps.graceMinutes * 60_000);
        if (deps.now() < allowedAt) {
          throw refused(
            'gracePeriod',
            `The old key stays disabled for the grace period; it can be deleted from ${iso(allowedAt)}`,
            { deleteAllowedAt: iso(allowedAt) },
          );
        }
        const keys = await accessKeys.summaries(userName);
        const oldKey = keys.find((k) => k.accessKeyId === row.old_access_key_id);
        if (oldKey?.status === 'Active') {
          throw refused(
            'oldKeyEnabled',
            'The old key was enabled again; disable it before deleting it',
          );
        }
        if (oldKey) await accessKeys.remove(ctx, userName, row.old_access_key_id);
        const t = iso(deps.now());
        await update(row.id, { step: 'completed', state: 'completed', completed_at: t });
      });
    },

    async cancel(ctx: ActionContext, userName: string): Promise<void> {
      const row = await active(userName);
      if (!row) throw refused('notInProgress', `No rotation is in progress for ${userName}`);
      await step(ctx, 'RotationCancel', userName, row.old_access_key_id, async () => {
        await update(row.id, { state: 'cancelled', completed_at: iso(deps.now()) });
      });
    },
  };
}

export type RotationService = ReturnType<typeof createRotationService>;
