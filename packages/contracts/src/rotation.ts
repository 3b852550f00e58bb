import { z } from 'zod';
import { AccessKeySummary, KeyDescription } from './access-keys.js';
import { RotationBlockReason } from './errors.js';
import { KeyPolicy } from './key-hygiene.js';

/**
 * The rotation wizard for one RAM user, kept on the server so it survives a reload:
 * `create-new-key` → `adopt` (wait until the new key is used) → `disable-old` done → `delete-old`
 * → `completed`. `step` names what the operator does next.
 */
export const RotationStep = z.enum(['create-new-key', 'adopt', 'delete-old', 'completed']);
export type RotationStep = z.infer<typeof RotationStep>;

export const RotationState = z.enum(['active', 'completed', 'cancelled']);

export const Rotation = z.object({
  id: z.number().int(),
  ramUserName: z.string(),
  oldAccessKeyId: z.string(),
  newAccessKeyId: z.string().nullable(),
  step: RotationStep,
  state: RotationState,
  startedBy: z.string(),
  startedAt: z.string(),
  newKeyCreatedAt: z.string().nullable(),
  oldKeyDisabledAt: z.string().nullable(),
  /** The old key may be deleted from this time on (disabled + grace period). */
  deleteAllowedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Rotation = z.infer<typeof Rotation>;

export const RotationResponse = z.object({
  /** The user's active or latest rotation; null when none was ever started. */
  rotation: Rotation.nullable(),
  /** The user's keys now, with last use (the wizard polls this). */
  accessKeys: z.array(AccessKeySummary),
  /** The new key signed a request after the old key's last use (or the old key was never used). */
  newKeyAdopted: z.boolean(),
  /** Why a rotation cannot start now; null when it can (or one is active). */
  cannotStartReason: RotationBlockReason.nullable(),
  gracePeriodMinutes: z.number().int(),
  /** At step delete-old: the grace period is over by the server's clock. */
  oldKeyDeletable: z.boolean(),
  /** The thresholds the keys' flags were computed with. */
  policy: KeyPolicy,
});
export type RotationResponse = z.infer<typeof RotationResponse>;

export const CreateRotationKeyRequest = z.object({ description: KeyDescription.optional() });
export type CreateRotationKeyRequest = z.infer<typeof CreateRotationKeyRequest>;
