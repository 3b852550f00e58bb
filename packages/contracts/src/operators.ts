import { z } from 'zod';
import { OperatorPassword, OperatorRole, OperatorSource } from './auth.js';
import { Phone, RamUserName } from './common.js';

export const OperatorUsername = z
  .string()
  .min(3, 'Username must be at least 3 characters')
  .max(64, 'Username must be at most 64 characters')
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    'Username may contain lower-case letters, digits, ".", "-", "_"',
  );

export const Operator = z.object({
  username: z.string(),
  role: OperatorRole,
  maskedPhone: z.string(),
  ramUserName: z.string().nullable(),
  createdAt: z.string(),
  /** The password was generated or set by an admin: the next session may only change it. */
  mustChangePassword: z.boolean(),
  /** local, or sso (created at the first SSO sign-in; no console password). */
  source: OperatorSource,
  /** A local admin the operator CLI added: may sign in with a password while LOCAL_LOGIN=false. */
  breakGlass: z.boolean(),
  /** Live sessions (GET /api/operators only). */
  activeSessions: z.number().int().optional(),
});
export type Operator = z.infer<typeof Operator>;

export const ListOperatorsResponse = z.object({ operators: z.array(Operator) });

/** POST /api/operators (201) and PATCH /api/operators/:username (200). */
export const OperatorResponse = z.object({ operator: Operator });
export type OperatorResponse = z.infer<typeof OperatorResponse>;

const memberNeedsRamUser = (v: { role?: string; ramUserName?: string | null }) =>
  v.role !== 'member' || !!v.ramUserName;

export const CreateOperatorRequest = z
  .object({
    username: OperatorUsername,
    password: OperatorPassword,
    role: OperatorRole,
    phone: Phone,
    ramUserName: RamUserName.optional(),
    /** The new operator must replace this password at the first sign-in (default). */
    mustChangePassword: z.boolean().default(true),
  })
  .refine(memberNeedsRamUser, {
    message: 'A member must be mapped to a RAM user',
    path: ['ramUserName'],
  });
export type CreateOperatorRequest = z.infer<typeof CreateOperatorRequest>;

/**
 * PATCH /api/operators/:username: one change per request, each its own verified action —
 * `{role, ramUserName?}` (ticket UpdateOperatorRole; a new member needs a RAM user) or
 * `{ramUserName}` (ticket UpdateOperatorRamUser). The phone and the password have their own
 * routes (…/phone-change, …/password).
 */
export const UpdateOperatorRequest = z
  .strictObject({
    role: OperatorRole.optional(),
    ramUserName: RamUserName.optional(),
  })
  .refine((v) => v.role !== undefined || v.ramUserName !== undefined, {
    message: 'Nothing to update: send role (and ramUserName for a member) or ramUserName',
  });
export type UpdateOperatorRequest = z.infer<typeof UpdateOperatorRequest>;

/** PUT /api/operators/:username/password (ticket ResetOperatorPassword). */
export const ResetOperatorPasswordRequest = z.object({
  password: OperatorPassword,
  /** The operator must replace it at the next sign-in (default). */
  mustChangePassword: z.boolean().default(true),
});
export type ResetOperatorPasswordRequest = z.infer<typeof ResetOperatorPasswordRequest>;

/**
 * POST /api/operators/:username/phone-change (ticket ChangeOperatorPhone): sends a code to the
 * NEW number; the phone changes only when that code is confirmed.
 */
export const StartPhoneChangeRequest = z.object({ phone: Phone });
export type StartPhoneChangeRequest = z.infer<typeof StartPhoneChangeRequest>;

export const PhoneChangeParams = z.object({
  username: OperatorUsername,
  id: z.string().min(1).max(64),
});

/** DELETE /api/operators/:username/sessions → how many sessions were ended. */
export const EndSessionsResponse = z.object({ ended: z.number().int() });
export type EndSessionsResponse = z.infer<typeof EndSessionsResponse>;

export const OperatorParams = z.object({ username: OperatorUsername });
