import type {
  AccountRecycleBinResponse,
  RecycledAccessKey,
  RecycledUser,
  UserRecycleBinResponse,
} from '@ram-console/contracts';
import type { Db } from '../../db/index.js';
import { notFound } from '../../errors.js';
import type { AccessKeyService, ActionContext } from './access-keys.js';
import type { RamGateway } from './ram-gateway.js';

/**
 * RAM's recycle bins (IMS): a RAM user's deleted keys and deleted RAM users stay 30 days. Restore
 * and Delete permanently are verified, audited actions; the bins name users by UserId.
 */
export function createRecycleBinService(deps: {
  db: Db;
  ram: RamGateway;
  accessKeys: Pick<AccessKeyService, 'audited' | 'requireTicket' | 'forgetDescriptions'>;
}) {
  const { ram, accessKeys } = deps;
  const { ims } = ram;

  async function userId(userName: string): Promise<string> {
    return (await ram.getUser(userName)).userId;
  }

  /** The key must be in this user's bin: a member cannot reach another user's key by its ID. */
  async function binnedKeyOf(userName: string, accessKeyId: string) {
    const id = await userId(userName);
    const key = (await ims.listBinKeys(id)).find((k) => k.accessKeyId === accessKeyId);
    if (!key) throw notFound(`The AccessKey ${accessKeyId} is not in ${userName}'s recycle bin`);
    return { userId: id, key };
  }

  /** The binned user, or a 404 that is audited like any refusal of the action. */
  async function binnedUser(
    ctx: ActionContext,
    id: string,
    action: 'RestoreUser' | 'PurgeUser',
  ): Promise<RecycledUser> {
    const user = (await ims.listBinUsers()).find((u) => u.userId === id);
    if (user) return user;
    const err = notFound(`No RAM user with the ID ${id} is in the recycle bin`);
    return accessKeys.audited<RecycledUser>(ctx, { action, ramUserName: null }, () =>
      Promise.reject(err),
    );
  }

  return {
    async listForUser(userName: string): Promise<UserRecycleBinResponse> {
      const id = await userId(userName);
      const keys = await ims.listBinKeys(id);
      return {
        accessKeys: keys.map((k) => ({ ...k, userId: id, userName, userRecycled: false })),
      };
    },

    /** Every binned user, and every binned key with its owner (the list leaves owners out). */
    async listAccount(): Promise<AccountRecycleBinResponse> {
      const [users, keys] = await Promise.all([ims.listBinUsers(), ims.listBinKeys(null)]);
      const owned: RecycledAccessKey[] = await Promise.all(
        keys.map((k) => ims.binKeyInfo(k.accessKeyId)),
      );
      return { users, accessKeys: owned };
    },

    async restoreKey(ctx: ActionContext, userName: string, accessKeyId: string): Promise<void> {
      await accessKeys.audited(
        ctx,
        { action: 'RestoreAccessKey', ramUserName: userName, accessKeyId },
        async () => {
          // The key is checked before the ticket: a wrong key is a 404 that spends no code.
          const { userId: id } = await binnedKeyOf(userName, accessKeyId);
          await accessKeys.requireTicket(ctx, 'RestoreAccessKey', userName, accessKeyId);
          return { result: undefined, ramRequestId: await ims.restoreKey(id, accessKeyId) };
        },
      );
    },

    async purgeKey(ctx: ActionContext, userName: string, accessKeyId: string): Promise<void> {
      await accessKeys.audited(
        ctx,
        { action: 'PurgeAccessKey', ramUserName: userName, accessKeyId },
        async () => {
          // The key is checked before the ticket: a wrong key is a 404 that spends no code.
          const { userId: id } = await binnedKeyOf(userName, accessKeyId);
          await accessKeys.requireTicket(ctx, 'PurgeAccessKey', userName, accessKeyId);
          const ramRequestId = await ims.purgeKey(id, accessKeyId);
          await accessKeys.forgetDescriptions([accessKeyId]);
          return { result: undefined, ramRequestId };
        },
      );
    },

    async restoreUser(ctx: ActionContext, id: string): Promise<void> {
      const user = await binnedUser(ctx, id, 'RestoreUser');
      await accessKeys.audited(
        ctx,
        { action: 'RestoreUser', ramUserName: user.userName },
        async () => {
          await accessKeys.requireTicket(ctx, 'RestoreUser', user.userName);
          return { result: undefined, ramRequestId: await ims.restoreUser(id) };
        },
      );
    },

    async purgeUser(ctx: ActionContext, id: string): Promise<void> {
      const user = await binnedUser(ctx, id, 'PurgeUser');
      await accessKeys.audited(
        ctx,
        { action: 'PurgeUser', ramUserName: user.userName },
        async () => {
          await accessKeys.requireTicket(ctx, 'PurgeUser', user.userName);
          const keys = await ims.listBinKeys(id);
          const ramRequestId = await ims.purgeUser(id);
          await accessKeys.forgetDescriptions(keys.map((k) => k.accessKeyId));
          return { result: undefined, ramRequestId };
        },
      );
    },
  };
}

export type RecycleBinService = ReturnType<typeof createRecycleBinService>;
