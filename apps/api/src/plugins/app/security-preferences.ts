import type { SecurityPreferences } from '@ram-console/contracts';
import type { Clock } from '../../lib/clock.js';
import type { AccessKeyService, ActionContext } from './access-keys.js';
import type { ImsGateway } from './ims-gateway.js';

/** How long the preferences are kept for the key tables' idle flag (a save drops them). */
const KEEP_MS = 60_000;

/**
 * The account's AccessKey security preferences (IMS): whether RAM users may manage their own
 * keys, and after how many idle days RAM disables a key. Read often (every key table's
 * `idle-disable-soon` flag), so kept a minute; saving is a verified, audited action.
 */
export function createSecurityPreferencesService(deps: {
  ims: ImsGateway;
  now: Clock;
  accessKeys: Pick<AccessKeyService, 'audited' | 'requireTicket'>;
}) {
  let kept: { value: Promise<SecurityPreferences>; at: number } | null = null;

  function get(): Promise<SecurityPreferences> {
    const t = deps.now().getTime();
    if (!kept || t - kept.at >= KEEP_MS) {
      const value = deps.ims.getSecurityPreferences();
      kept = { value, at: t };
      // A failure is not kept.
      value.catch(() => {
        if (kept?.value === value) kept = null;
      });
    }
    return kept.value;
  }

  return {
    get,
    async maxIdleDays(): Promise<number | null> {
      return (await get()).maxIdleDaysForAccessKeys;
    },
    async set(ctx: ActionContext, prefs: SecurityPreferences): Promise<SecurityPreferences> {
      return deps.accessKeys.audited(
        ctx,
        { action: 'SetSecurityPreferences', ramUserName: null },
        async () => {
          await deps.accessKeys.requireTicket(ctx, 'SetSecurityPreferences', null);
          kept = null;
          const ramRequestId = await deps.ims.setSecurityPreferences(prefs);
          kept = null;
          return { result: await get(), ramRequestId };
        },
      );
    },
  };
}

export type SecurityPreferencesService = ReturnType<typeof createSecurityPreferencesService>;
