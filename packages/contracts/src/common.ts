import { z } from 'zod';

/** RAM user name: 1–64 of letters, digits, `.`, `@`, `-`, `_` (RAM CreateUser rules). */
export const RamUserName = z
  .string()
  .min(1, 'User name is required')
  .max(64, 'User name must be at most 64 characters')
  .regex(/^[A-Za-z0-9.@_-]+$/, 'User name may contain only letters, digits, ".", "@", "-" and "_"');

/** AccessKey IDs: modern ones are LTAI + 20 alphanumerics; older ones are shorter. */
export const AccessKeyId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9]+$/, 'AccessKey ID may contain only letters and digits');

export const AccessKeyStatus = z.enum(['Active', 'Inactive']);
export type AccessKeyStatus = z.infer<typeof AccessKeyStatus>;

/** ISO-8601 UTC timestamp string. */
export const IsoDate = z.string();

/** Mobile phone for verification codes: digits with an optional leading +, 7–15 digits. */
export const Phone = z
  .string()
  .regex(/^\+?[0-9]{7,15}$/, 'Phone must be 7–15 digits with an optional leading +');
