import { z } from 'zod';

/**
 * Key hygiene: age, time since last use and the flags the console derives from them. Pure so the
 * API computes them with its injected clock and tests pin the arithmetic.
 */
export const KeyFlag = z.enum(['never-used', 'unused', 'old', 'expired', 'idle-disable-soon']);
export type KeyFlag = z.infer<typeof KeyFlag>;

/** Thresholds from the API's config (UNUSED_FOR_DAYS, OLDER_THAN_DAYS, KEY_MAX_AGE_DAYS). */
export const KeyPolicy = z.object({
  unusedForDays: z.number().int(),
  olderThanDays: z.number().int(),
  /** null: no console-side expiry. */
  maxAgeDays: z.number().int().nullable(),
});
export type KeyPolicy = z.infer<typeof KeyPolicy>;

export const DEFAULT_KEY_POLICY: KeyPolicy = {
  unusedForDays: 90,
  olderThanDays: 90,
  maxAgeDays: null,
};

export const KeyHygiene = z.object({
  /** Whole days since creation. */
  ageDays: z.number().int(),
  /** Whole days since the last use; since creation when never used. */
  unusedDays: z.number().int(),
  flags: z.array(KeyFlag),
  /**
   * When RAM will disable the key for being idle (the security preference
   * MaxIdleDaysForAccessKeys): the first UTC midnight at least that many days after its last use,
   * or creation. null when RAM will not (the account's own keys, disabled keys, unknown setting).
   */
  idleDisableDate: z.string().nullable(),
});
export type KeyHygiene = z.infer<typeof KeyHygiene>;

const DAY_MS = 86_400_000;
/** `idle-disable-soon`: RAM disables the key within this many days. */
export const IDLE_DISABLE_WARNING_DAYS = 14;

/** RAM's idle rule (see the emulator's DailyMaintenance): the midnight that disables the key. */
export function idleDisableDate(lastActivityMs: number, maxIdleDays: number): Date {
  const due = lastActivityMs + maxIdleDays * DAY_MS;
  return new Date(Math.ceil(due / DAY_MS) * DAY_MS);
}

/**
 * Flags compare exact durations with the thresholds ("older than 90 days" = more than 90×24 h):
 * - `never-used`: RAM has no LastUsedDate;
 * - `unused`: not used for more than `unusedForDays` (a never-used key counts from its creation);
 * - `old`: created more than `olderThanDays` ago;
 * - `expired`: created more than `maxAgeDays` ago (only with a max age);
 * - `idle-disable-soon`: RAM will disable it for being idle within IDLE_DISABLE_WARNING_DAYS
 *   (with `idle`: an Active RAM-user key and the account's MaxIdleDaysForAccessKeys).
 */
export function keyHygiene(
  key: { createDate: string; lastUsedDate: string | null },
  now: Date,
  policy: KeyPolicy,
  idle?: { maxIdleDays: number } | null,
): KeyHygiene {
  const created = Date.parse(key.createDate);
  const lastUsed = key.lastUsedDate ? Date.parse(key.lastUsedDate) : Number.NaN;
  const ageMs = Number.isNaN(created) ? 0 : Math.max(0, now.getTime() - created);
  const idleFrom = Number.isNaN(lastUsed) ? created : lastUsed;
  const idleMs = Number.isNaN(idleFrom) ? 0 : Math.max(0, now.getTime() - idleFrom);
  const flags: KeyFlag[] = [];
  if (!key.lastUsedDate) flags.push('never-used');
  if (idleMs > policy.unusedForDays * DAY_MS) flags.push('unused');
  if (ageMs > policy.olderThanDays * DAY_MS) flags.push('old');
  if (policy.maxAgeDays !== null && ageMs > policy.maxAgeDays * DAY_MS) flags.push('expired');
  const disableAt =
    idle && !Number.isNaN(idleFrom) ? idleDisableDate(idleFrom, idle.maxIdleDays) : null;
  if (disableAt && disableAt.getTime() - now.getTime() <= IDLE_DISABLE_WARNING_DAYS * DAY_MS)
    flags.push('idle-disable-soon');
  return {
    ageDays: Math.floor(ageMs / DAY_MS),
    unusedDays: Math.floor(idleMs / DAY_MS),
    flags,
    idleDisableDate: disableAt ? disableAt.toISOString().slice(0, 19) + 'Z' : null,
  };
}
