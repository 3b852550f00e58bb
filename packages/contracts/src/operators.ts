import { z } from 'zod';
import { OperatorRole } from './auth.js';
import { Phone, RamUserName } from './common.js';

export const OperatorUsername = z
  .string()
  .min(3, 'Username must be at least 3 characters')
  .max(64, 'Username must be at most 64 characters')
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    'Username may contain lower-case letters, digits, ".", "-", "_"',
  );

export const OperatorPassword = z
  .string()
  .min(12, 'Password must be at least 12 characters')
  .max(256, 'Password must be at most 256 characters');

export const Operator = z.object({
  username: z.string(),
  role: OperatorRole,
  maskedPhone: z.string(),
  ramUserName: z.string().nullable(),
  createdAt: z.string(),
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
  })
  .refine(memberNeedsRamUser, {
    message: 'A member must be mapped to a RAM user',
    path: ['ramUserName'],
  });
export type CreateOperatorRequest = z.infer<typeof CreateOperatorRequest>;

export const UpdateOperatorRequest = z
  .object({
    password: OperatorPassword.optional(),
    role: OperatorRole.optional(),
    phone: Phone.optional(),
    ramUserName: RamUserName.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to update' });
export type UpdateOperatorRequest = z.infer<typeof UpdateOperatorRequest>;

export const OperatorParams = z.object({ username: OperatorUsername });
