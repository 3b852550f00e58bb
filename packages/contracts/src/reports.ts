import { z } from 'zod';
import { AccessKeyStatus } from './common.js';
import { KeyFlag, KeyPolicy } from './key-hygiene.js';

/** `<account>` in the user column marks the account's own keys. */
export const ACCOUNT_REPORT_USER = '<account>';

/**
 * One row per (RAM user, key); a user without keys has one row with empty key fields, so the
 * report also lists who has no key.
 */
export const CredentialReportRow = z.object({
  userName: z.string(),
  displayName: z.string(),
  accessKeyId: z.string().nullable(),
  status: AccessKeyStatus.nullable(),
  createDate: z.string().nullable(),
  ageDays: z.number().int().nullable(),
  unusedDays: z.number().int().nullable(),
  lastUsedDate: z.string().nullable(),
  /** The service of the last use (`Ecs`, `Ram`…). */
  lastUsedService: z.string().nullable(),
  description: z.string().nullable(),
  flags: z.array(KeyFlag),
});
export type CredentialReportRow = z.infer<typeof CredentialReportRow>;

export const CredentialReport = z.object({
  generatedAt: z.string(),
  policy: KeyPolicy,
  rows: z.array(CredentialReportRow),
  summary: z.object({
    users: z.number().int(),
    keys: z.number().int(),
    neverUsed: z.number().int(),
    unused: z.number().int(),
    old: z.number().int(),
    expired: z.number().int(),
    /** RAM will disable them for being idle within IDLE_DISABLE_WARNING_DAYS. */
    idleDisableSoon: z.number().int(),
  }),
});
export type CredentialReport = z.infer<typeof CredentialReport>;

export const CREDENTIAL_REPORT_CSV_HEADER = [
  'user',
  'display_name',
  'access_key_id',
  'status',
  'created',
  'age_days',
  'last_used',
  'last_used_service',
  'description',
  'flags',
] as const;

/** Keys past KEY_MAX_AGE_DAYS of the signed-in member's own RAM user (the sign-in banner). */
export const ExpiredKeysResponse = z.object({
  maxAgeDays: z.number().int().nullable(),
  accessKeys: z.array(
    z.object({
      ramUserName: z.string(),
      accessKeyId: z.string(),
      createDate: z.string(),
      ageDays: z.number().int(),
    }),
  ),
});
export type ExpiredKeysResponse = z.infer<typeof ExpiredKeysResponse>;
