import { z } from 'zod';

export const AuditOutcome = z.enum(['success', 'failure']);

/**
 * Every action the API writes to the audit trail (the audit filter lists exactly these). Operator
 * changes name their target in `targetOperator`, never in the action.
 */
export const AuditAction = z.enum([
  // Sign-in and sessions
  'Login',
  /** A sign-in refused without checking the password: too many failures for that name from that IP. */
  'LoginThrottled',
  'Logout',
  'ChangeOwnPassword',
  /** An operator ended one of their own sessions. */
  'EndSession',
  /** An admin ended all sessions of an operator (`targetOperator`). */
  'EndSessions',
  // Phone verification
  'SendVerificationCode',
  'ConfirmVerificationCode',
  // AccessKeys and RAM users
  'CreateAccessKey',
  'DisableAccessKey',
  'EnableAccessKey',
  'DeleteAccessKey',
  'UpdateAccessKeyDescription',
  'CreateUser',
  'DeleteUser',
  // What RAM added since the seeds (issue 13)
  'SetAccessKeyNetworkPolicy',
  'SetAccountNetworkPolicy',
  'RestoreAccessKey',
  /** Deleted from RAM's recycle bin for good. */
  'PurgeAccessKey',
  'RestoreUser',
  'PurgeUser',
  'SetSecurityPreferences',
  // Rotation wizard
  'RotationStart',
  'RotationCreateNewKey',
  'RotationDisableOldKey',
  'RotationDeleteOldKey',
  'RotationCancel',
  // Operators (target in targetOperator)
  'CreateOperator',
  'UpdateOperatorRole',
  'UpdateOperatorRamUser',
  /** The code to the new number was sent (the phone is not changed yet). */
  'RequestOperatorPhoneChange',
  /** The new number was confirmed with its code: the phone is changed. */
  'ChangeOperatorPhone',
  'ResetOperatorPassword',
  'DeleteOperator',
  // SSO (issue 14)
  /** A sign-in through the identity provider, or its refusal (the reason in `errorCode`). */
  'SsoLogin',
  /** An operator created just in time at their first SSO sign-in (`targetOperator`). */
  'CreateSsoOperator',
  /** Role, RAM user or verified phone of an SSO operator changed from the provider's claims. */
  'UpdateSsoOperator',
  /** Rows written before the operator actions had their own names (role, phone, password or RAM user). */
  'UpdateOperator',
]);
export type AuditAction = z.infer<typeof AuditAction>;

/** How a verified action was allowed: its own single-use ticket, or the session's step-up window. */
export const AuditVerification = z.enum(['ticket', 'step-up']);
export type AuditVerification = z.infer<typeof AuditVerification>;

export const AuditEvent = z.object({
  id: z.number().int(),
  time: z.string(),
  operator: z.string().nullable(),
  action: AuditAction,
  /** The operator acted upon, for operator actions. */
  targetOperator: z.string().nullable(),
  ramUserName: z.string().nullable(),
  accessKeyId: z.string().nullable(),
  outcome: AuditOutcome,
  /** The failure reason: a console or RAM error code. */
  errorCode: z.string().nullable(),
  /** Verified actions: how the phone verification was satisfied. */
  verification: AuditVerification.nullable(),
  requestId: z.string(),
  ramRequestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const ListAuditEventsQuery = z.object({
  operator: z.string().max(64).optional(),
  action: AuditAction.optional(),
  targetOperator: z.string().max(64).optional(),
  ramUserName: z.string().max(64).optional(),
  outcome: AuditOutcome.optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  /** Opaque cursor from a previous page. */
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type ListAuditEventsQuery = z.infer<typeof ListAuditEventsQuery>;

export const ListAuditEventsResponse = z.object({
  events: z.array(AuditEvent),
  nextCursor: z.string().nullable(),
});
export type ListAuditEventsResponse = z.infer<typeof ListAuditEventsResponse>;
