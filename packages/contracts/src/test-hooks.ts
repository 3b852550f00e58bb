import { z } from 'zod';

/** The most a test moves the clock in one call: a year (key ages, grace periods, code expiry). */
export const MAX_CLOCK_ADVANCE_MS = 366 * 24 * 60 * 60_000;

/**
 * `POST /api/__test/clock`: exists only on a server started with CONSOLE_TEST_HOOKS=true (embedded
 * mode) and answers loopback callers only.
 */
export const AdvanceClockRequest = z.strictObject({
  advanceMs: z.number().int().min(0).max(MAX_CLOCK_ADVANCE_MS),
});
export type AdvanceClockRequest = z.infer<typeof AdvanceClockRequest>;

export const AdvanceClockResponse = z.object({ now: z.iso.datetime() });
export type AdvanceClockResponse = z.infer<typeof AdvanceClockResponse>;
