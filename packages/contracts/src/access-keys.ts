import { z } from 'zod';
import { AccessKeyId, AccessKeyStatus, RamUserName } from './common.js';

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
  description: z.string().nullable(),
});
export type AccessKeySummary = z.infer<typeof AccessKeySummary>;

export const ListAccessKeysResponse = z.object({
  accessKeys: z.array(AccessKeySummary),
  /** The most keys RAM allows here: 5 for the account, 2 per RAM user. */
  limit: z.number().int(),
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

export const UpdateAccessKeyRequest = z.object({ status: AccessKeyStatus });
export type UpdateAccessKeyRequest = z.infer<typeof UpdateAccessKeyRequest>;

export const AccessKeyParams = z.object({ accessKeyId: AccessKeyId });
export const UserAccessKeyParams = z.object({ userName: RamUserName, accessKeyId: AccessKeyId });

export const ACCOUNT_ACCESS_KEY_LIMIT = 5;
export const USER_ACCESS_KEY_LIMIT = 2;
