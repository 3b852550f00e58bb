import { DAY_MS } from './clock.js';
import { isoSeconds } from './ids.js';
import type { AccountSettings } from './state/account-settings.js';
import type { Store } from './state/store.js';

/**
 * What RAM does once a day, run on the business clock the first time a call sees a new UTC day:
 * RAM-user keys unused for more than MaxIdleDaysForAccessKeys days are disabled ("the next day",
 * reference/ims-api.md §3), and recycle-bin entries past their 30 days are purged. Checking costs
 * one integer comparison per call.
 */
export class DailyMaintenance {
  private lastDay = Number.NaN;

  constructor(
    private readonly store: Store,
    private readonly account: AccountSettings,
  ) {}

  tick(businessNow: Date): void {
    const day = Math.floor(businessNow.getTime() / DAY_MS);
    if (day === this.lastDay) return;
    this.lastDay = day;
    this.run(day * DAY_MS, businessNow);
  }

  /** Forget the last run (after a reset), so the next call sweeps again. */
  forget(): void {
    this.lastDay = Number.NaN;
  }

  private run(midnightMs: number, now: Date): void {
    const idleDays = this.account.preferences.maxIdleDaysForAccessKeys;
    // Last activity (last use, else creation) at or before this instant: idle N days by midnight.
    const cutoff = isoSeconds(new Date(midnightMs - idleDays * DAY_MS));
    this.store.disableIdleKeys(cutoff, isoSeconds(now));
    this.store.purgeExpired(isoSeconds(now));
  }
}
