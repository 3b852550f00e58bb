/**
 * Two clocks. The real one (`now`, the option) checks signature timestamps and nonce expiry: the
 * SDK signs with real time, so it cannot move. The business clock is the real one plus an offset
 * that only the loopback test hook moves forward: dates in bodies, LastUsedDate, the recycle bins'
 * 30 days, idle auto-disable and SMS flow control all read it, so a test can let 91 days pass.
 */
export class BusinessClock {
  private offsetMs = 0;

  constructor(private readonly real: () => Date) {}

  now(): Date {
    return this.at(this.real());
  }

  /** The business time at a real instant already read (saves a second clock read). */
  at(real: Date): Date {
    return this.offsetMs === 0 ? real : new Date(real.getTime() + this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

export const DAY_MS = 86_400_000;
