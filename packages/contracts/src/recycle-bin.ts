import { z } from 'zod';

/** RAM's recycle bins: deleted RAM-user AccessKeys and RAM users stay 30 days, restorable. */
export const RECYCLE_BIN_DAYS = 30;

export const RecycledAccessKey = z.object({
  accessKeyId: z.string(),
  createDate: z.string(),
  /** When it was deleted (moved to the bin). */
  recycleDate: z.string(),
  /** When RAM purges it for good. */
  deleteDate: z.string(),
  userId: z.string(),
  userName: z.string(),
  /** The user is itself in the bin: restore the user first. */
  userRecycled: z.boolean(),
});
export type RecycledAccessKey = z.infer<typeof RecycledAccessKey>;

export const RecycledUser = z.object({
  userId: z.string(),
  userName: z.string(),
  displayName: z.string(),
  createDate: z.string(),
  recycleDate: z.string(),
  deleteDate: z.string(),
});
export type RecycledUser = z.infer<typeof RecycledUser>;

/** GET /api/users/:userName/recycle-bin */
export const UserRecycleBinResponse = z.object({ accessKeys: z.array(RecycledAccessKey) });
export type UserRecycleBinResponse = z.infer<typeof UserRecycleBinResponse>;

/** GET /api/recycle-bin: the whole account. */
export const AccountRecycleBinResponse = z.object({
  users: z.array(RecycledUser),
  accessKeys: z.array(RecycledAccessKey),
});
export type AccountRecycleBinResponse = z.infer<typeof AccountRecycleBinResponse>;

export const RecycledUserParams = z.object({
  userId: z.string().regex(/^\d{1,32}$/, 'A RAM UserId is digits'),
});
