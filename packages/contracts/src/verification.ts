import { z } from 'zod';
import { RamUserName } from './common.js';

/** Actions that need phone verification (and a ticket) before the API performs them. */
export const VerifiedAction = z.enum([
  'CreateAccessKey',
  'EnableAccessKey',
  'DeleteAccessKey',
  'DeleteUser',
]);
export type VerifiedAction = z.infer<typeof VerifiedAction>;

export const StartVerificationRequest = z.object({
  action: VerifiedAction,
  /** Omitted: the account's own AccessKeys. */
  userName: RamUserName.optional(),
});
export type StartVerificationRequest = z.infer<typeof StartVerificationRequest>;

export const StartVerificationResponse = z.object({
  verificationId: z.string(),
  maskedPhone: z.string(),
  expiresAt: z.string(),
  resendAfterSeconds: z.number().int(),
});
export type StartVerificationResponse = z.infer<typeof StartVerificationResponse>;

export const VerificationCode = z.string().regex(/^[0-9]{6}$/, 'Enter the 6-digit code');

export const ConfirmVerificationRequest = z.object({ code: VerificationCode });
export type ConfirmVerificationRequest = z.infer<typeof ConfirmVerificationRequest>;

export const ConfirmVerificationResponse = z.object({
  ticket: z.string(),
  expiresAt: z.string(),
});
export type ConfirmVerificationResponse = z.infer<typeof ConfirmVerificationResponse>;

export const VERIFICATION_TICKET_HEADER = 'x-verification-ticket';
export const CSRF_HEADER = 'x-csrf-token';
