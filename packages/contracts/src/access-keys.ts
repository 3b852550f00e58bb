import { z } from 'zod';
import { AccessKeyId, AccessKeyStatus, RamUserName } from './common.js';
import { KeyFlag, KeyPolicy } from './key-hygiene.js';

export const KeyDescription = z
  .string()
  .trim()
  .max(200, 'Description must be at most 200 characters');

export const AccessKeySummary = z.object({
  accessKeyId: z.string(),
  status: AccessKeyStatus,
  createDate: z.string(),
  /** null: never used. */
  lastUsedDate: z.string().nullable(),
  /** The service of the last use as RAM reports it (`Ecs`, `Ram`…); null when unknown. */
  lastUsedService: z.string().nullable(),
  description: z.string().nullable(),
  /** Whole days since creation, by the API's clock. */
  ageDays: z.number().int(),
  /** Whole days since the last use (since creation when never used). */
  unusedDays: z.number().int(),
  flags: z.array(KeyFlag),
  /** When RAM will disable it for being idle (KeyHygiene.idleDisableDate). */
  idleDisableDate: z.string().nullable(),
  /**
   * The AccessKey the console itself signs its RAM calls with: the console refuses to disable or
   * delete it (that would cut it off from RAM), and the UI marks it "Used by this console".
   */
  usedByConsole: z.boolean(),
});
export type AccessKeySummary = z.infer<typeof AccessKeySummary>;

export const ListAccessKeysResponse = z.object({
  accessKeys: z.array(AccessKeySummary),
  /** The most keys RAM allows here: 5 for the account, 2 per RAM user. */
  limit: z.number().int(),
  /** The thresholds the flags were computed with. */
  policy: KeyPolicy,
});
export type ListAccessKeysResponse = z.infer<typeof ListAccessKeysResponse>;

export const CreateAccessKeyRequest = z.object({ description: KeyDescription.optional() });
export type CreateAccessKeyRequest = z.infer<typeof CreateAccessKeyRequest>;

/** The only response that ever carries a secret. Served with Cache-Control: no-store. */
export const CreateAccessKeyResponse = z.object({
  accessKey: z.object({
    accessKeyId: z.string(),
    accessKeySecret: z.string(),
    status: AccessKeyStatus,
    createDate: z.string(),
  }),
  /** For the RAM-user CSV layout: `<user>@<alias>.onaliyun.com`; null for the account's keys. */
  userPrincipalName: z.string().nullable(),
});
export type CreateAccessKeyResponse = z.infer<typeof CreateAccessKeyResponse>;

/** Status (Enable needs a ticket, Disable none) or description (no ticket), or both. */
export const UpdateAccessKeyRequest = z
  .object({
    status: AccessKeyStatus.optional(),
    /** Empty string removes the description. */
    description: KeyDescription.optional(),
  })
  .refine((b) => b.status !== undefined || b.description !== undefined, {
    message: 'Give a status or a description',
    path: ['status'],
  });
export type UpdateAccessKeyRequest = z.infer<typeof UpdateAccessKeyRequest>;

/** `?flag=` on key lists: only keys carrying that flag. */
export const ListAccessKeysQuery = z.object({ flag: KeyFlag.optional() });
export type ListAccessKeysQuery = z.infer<typeof ListAccessKeysQuery>;

export const AccessKeyParams = z.object({ accessKeyId: AccessKeyId });
export const UserAccessKeyParams = z.object({ userName: RamUserName, accessKeyId: AccessKeyId });

export const ACCOUNT_ACCESS_KEY_LIMIT = 5;
export const USER_ACCESS_KEY_LIMIT = 2;
