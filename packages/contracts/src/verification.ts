import { z } from 'zod';
import { AccessKeyId, RamUserName } from './common.js';

/** Actions that need phone verification (and a ticket) before the API performs them. */
export const VerifiedAction = z.enum([
  'CreateAccessKey',
  'EnableAccessKey',
  'DeleteAccessKey',
  'DeleteUser',
  // Issue 13: network restriction, the recycle bins, the account's security preferences.
  'SetAccessKeyNetworkPolicy',
  'SetAccountNetworkPolicy',
  'RestoreAccessKey',
  'PurgeAccessKey',
  'RestoreUser',
  'PurgeUser',
  'SetSecurityPreferences',
  // Operator changes: the ticket is bound to the operator acted upon (`operator`).
  'CreateOperator',
  'UpdateOperatorRole',
  'UpdateOperatorRamUser',
  'ChangeOperatorPhone',
  'ResetOperatorPassword',
  'DeleteOperator',
]);
export type VerifiedAction = z.infer<typeof VerifiedAction>;

/** Verified actions about an operator: `operator` names it (for CreateOperator, the new name). */
export const OPERATOR_VERIFIED_ACTIONS: ReadonlySet<VerifiedAction> = new Set<VerifiedAction>([
  'CreateOperator',
  'UpdateOperatorRole',
  'UpdateOperatorRamUser',
  'ChangeOperatorPhone',
  'ResetOperatorPassword',
  'DeleteOperator',
]);

/** Verified actions only admins may ask a code for (operator changes aside). */
export const ADMIN_ONLY_ACTIONS: ReadonlySet<VerifiedAction> = new Set<VerifiedAction>([
  'DeleteUser',
  'SetAccountNetworkPolicy',
  'RestoreUser',
  'PurgeUser',
  'SetSecurityPreferences',
]);

/** Verified actions on the account as a whole: they name no RAM user. */
export const ACCOUNT_WIDE_ACTIONS: ReadonlySet<VerifiedAction> = new Set<VerifiedAction>([
  'SetAccountNetworkPolicy',
  'SetSecurityPreferences',
]);

/** Verified actions that always name a RAM user (`userName` required). */
export const USER_ONLY_ACTIONS: ReadonlySet<VerifiedAction> = new Set<VerifiedAction>([
  'DeleteUser',
  'RestoreUser',
  'PurgeUser',
  'RestoreAccessKey',
  'PurgeAccessKey',
]);

/**
 * Actions the step-up window (STEP_UP_WINDOW_MINUTES) may cover without a new code. Operator
 * changes are never among them: each needs its own code (they are how a stolen session would
 * take over the console). Nor are the network restrictions and the security preferences: they
 * change who may call RAM from where for a key or the whole account.
 */
export const STEP_UP_ACTIONS: ReadonlySet<VerifiedAction> = new Set<VerifiedAction>([
  'CreateAccessKey',
  'EnableAccessKey',
  'DeleteAccessKey',
  'DeleteUser',
  // The recycle bins: a restore is an enable, a permanent delete a delete.
  'RestoreAccessKey',
  'PurgeAccessKey',
  'RestoreUser',
  'PurgeUser',
]);

/** Actions on one AccessKey, whose tickets may be bound to it (`accessKeyId`). */
export const KEY_ACTIONS: ReadonlySet<VerifiedAction> = new Set<VerifiedAction>([
  'EnableAccessKey',
  'DeleteAccessKey',
  'SetAccessKeyNetworkPolicy',
  'RestoreAccessKey',
  'PurgeAccessKey',
]);

/** Operator usernames as the verification request names them (checked fully by the action). */
const TargetOperator = z.string().min(1).max(64);

export const StartVerificationRequest = z
  .object({
    action: VerifiedAction,
    /** RAM-user actions; omitted: the account's own AccessKeys. */
    userName: RamUserName.optional(),
    /** Operator actions: the operator acted upon (for CreateOperator, the new username). */
    operator: TargetOperator.optional(),
    /**
     * Actions on one AccessKey (KEY_ACTIONS): binds the ticket to that key as well, so it cannot
     * be spent on another key of the same owner. Omitted: any key of the owner (as before).
     */
    accessKeyId: AccessKeyId.optional(),
  })
  .superRefine((v, ctx) => {
    const aboutOperator = OPERATOR_VERIFIED_ACTIONS.has(v.action);
    if (aboutOperator && !v.operator) {
      ctx.addIssue({
        code: 'custom',
        path: ['operator'],
        message: `${v.action} needs an operator`,
      });
    }
    if (aboutOperator && v.userName !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['userName'],
        message: `${v.action} is about an operator, not a RAM user`,
      });
    }
    if (!aboutOperator && v.operator !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['operator'],
        message: `${v.action} is not about an operator`,
      });
    }
    if (v.accessKeyId !== undefined && !KEY_ACTIONS.has(v.action)) {
      ctx.addIssue({
        code: 'custom',
        path: ['accessKeyId'],
        message: `${v.action} is not about one AccessKey`,
      });
    }
    if (USER_ONLY_ACTIONS.has(v.action) && !v.userName) {
      ctx.addIssue({ code: 'custom', path: ['userName'], message: `${v.action} needs a userName` });
    }
    if (ACCOUNT_WIDE_ACTIONS.has(v.action) && v.userName !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['userName'],
        message: `${v.action} applies to the account: leave userName out`,
      });
    }
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
  /**
   * With STEP_UP_WINDOW_MINUTES set: until when this session may perform the step-up actions
   * without a new code (send no ticket then). Null when the window is off.
   */
  stepUpUntil: z.string().nullable(),
});
export type ConfirmVerificationResponse = z.infer<typeof ConfirmVerificationResponse>;

export const VERIFICATION_TICKET_HEADER = 'x-verification-ticket';
export const CSRF_HEADER = 'x-csrf-token';
