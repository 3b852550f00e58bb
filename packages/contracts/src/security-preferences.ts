import { z } from 'zod';

/** RAM disables an AccessKey unused for this many days (the day after); RAM's default is 730. */
export const MAX_IDLE_DAYS_CHOICES = [90, 180, 365, 730] as const;
export const MaxIdleDays = z
  .number()
  .int()
  .refine((n) => (MAX_IDLE_DAYS_CHOICES as readonly number[]).includes(n), {
    message: `Choose ${MAX_IDLE_DAYS_CHOICES.join(', ')} days`,
  });

/** The account's AccessKey security preferences (IMS Get/SetSecurityPreference). */
export const SecurityPreferences = z.object({
  /** RAM users may manage their own AccessKeys (RAM's default: false). */
  allowUserToManageAccessKeys: z.boolean(),
  maxIdleDaysForAccessKeys: MaxIdleDays,
});
export type SecurityPreferences = z.infer<typeof SecurityPreferences>;
