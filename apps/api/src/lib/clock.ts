/** Injected wherever time matters, so tests move time instead of sleeping. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
export const iso = (d: Date): string => d.toISOString();
export const addMs = (d: Date, ms: number): Date => new Date(d.getTime() + ms);

/**
 * The clock of a server started for tests (CONSOLE_TEST_HOOKS=true): the real time plus an offset
 * a journey moves forward through the loopback test channel, so a code can expire or a grace
 * period end without waiting. Only ever forward: time that goes back would undo expiries.
 * `alsoMove` moves another clock that must agree first (the embedded emulator's business clock,
 * which dates keys and last uses); if it fails, this one does not move either.
 */
export interface MovableClock {
  now: Clock;
  advance(ms: number): Promise<Date>;
}
export function createMovableClock(
  real: Clock = systemClock,
  alsoMove?: (ms: number) => Promise<void>,
): MovableClock {
  let offsetMs = 0;
  const now: Clock = () => new Date(real().getTime() + offsetMs);
  return {
    now,
    async advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
      await alsoMove?.(ms);
      offsetMs += ms;
      return now();
    },
  };
}
