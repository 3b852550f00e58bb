import {
  ConsoleErrorCode,
  KEY_USAGE_LAG_MINUTES,
  ipAllowed,
  type KeyUsageResponse,
  type NetworkPolicyDryRunResponse,
  type NetworkPolicyRequest,
  type NetworkPolicyResponse,
  type SeenAddress,
} from '@ram-console/contracts';
import { ConsoleError } from '../../errors.js';
import type { AccessKeyService, ActionContext } from './access-keys.js';
import type { NetworkPolicyDoc } from './ims-gateway.js';
import type { RamGateway } from './ram-gateway.js';

/**
 * AccessKey network access restriction, per key and for the account (IMS), with where keys were
 * used (ActionTrail) for the dry run: which recently seen source addresses a proposed list would
 * block. A list that would refuse the console's own AccessKey is refused (ConsoleLockout).
 */

/** RAM's precedence: a key's own Active policy replaces the account's. */
function enforced(own: NetworkPolicyDoc | null, account: NetworkPolicyDoc | null) {
  if (own?.status === 'Active') return { by: 'key' as const, ips: own.allowedIps };
  if (account?.status === 'Active') return { by: 'account' as const, ips: account.allowedIps };
  return { by: 'none' as const, ips: null };
}

const toResponse = (
  doc: NetworkPolicyDoc | null,
  effective: NetworkPolicyResponse['effective'],
): NetworkPolicyResponse => ({
  configured: doc !== null,
  status: doc?.status ?? 'Inactive',
  allowedIps: doc?.allowedIps ?? [],
  vpcRules: doc?.vpcRules ?? [],
  effective,
});

export function createNetworkPolicyService(deps: {
  ram: RamGateway;
  accessKeys: Pick<AccessKeyService, 'audited' | 'requireTicket' | 'requireKeyOf'>;
  consoleAccessKeyId?: string | undefined;
}) {
  const { ram, accessKeys } = deps;
  const { ims } = ram;

  /** One row per address a key was used from: its services and the newest use. */
  async function seen(accessKeyId: string): Promise<SeenAddress[]> {
    const byIp = new Map<string, SeenAddress>();
    for (const service of await ims.keyUsage(accessKeyId)) {
      for (const { ip, lastUsedAt } of service.ips) {
        const row = byIp.get(ip) ?? { ip, services: [], lastUsedAt, accessKeyId };
        row.services.push(service.serviceName);
        if (lastUsedAt > row.lastUsedAt) row.lastUsedAt = lastUsedAt;
        byIp.set(ip, row);
      }
    }
    return [...byIp.values()].sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt));
  }

  /** The RAM user the console signs as (null: the account, or unknown with the default chain). */
  async function consoleKeyOwner(): Promise<{ userName: string | null } | null> {
    if (!deps.consoleAccessKeyId) return null;
    return { userName: (await ram.getCallerIdentity()).userName };
  }

  /**
   * Whether the proposal refuses an address the console's own key was used from. `scope`: the
   * key whose policy changes, or 'account'.
   */
  async function locksOutConsole(
    scope: { accessKeyId: string } | 'account',
    proposal: NetworkPolicyRequest,
  ): Promise<boolean> {
    const owner = await consoleKeyOwner();
    const consoleKey = deps.consoleAccessKeyId;
    if (!owner || !consoleKey) return false;
    let ips: string[] | null;
    if (scope === 'account') {
      const own = await ims.getKeyPolicy(owner.userName, consoleKey);
      if (own?.status === 'Active') return false; // its own policy replaces the account's
      ips = proposal.status === 'Active' ? proposal.allowedIps : null;
    } else {
      if (scope.accessKeyId !== consoleKey) return false;
      ips =
        proposal.status === 'Active'
          ? proposal.allowedIps
          : enforced(null, await ims.getAccountPolicy()).ips;
    }
    if (ips === null) return false;
    const list = ips;
    return (await seen(consoleKey)).some((s) => !ipAllowed(s.ip, list));
  }

  function split(addresses: SeenAddress[], ips: string[] | null) {
    return {
      blocked: ips === null ? [] : addresses.filter((a) => !ipAllowed(a.ip, ips)),
      allowed: ips === null ? addresses : addresses.filter((a) => ipAllowed(a.ip, ips)),
    };
  }

  async function refuseLockout(
    scope: { accessKeyId: string } | 'account',
    proposal: NetworkPolicyRequest,
  ) {
    if (await locksOutConsole(scope, proposal)) {
      throw new ConsoleError(
        ConsoleErrorCode.ConsoleLockout,
        'This list would refuse the AccessKey the console itself uses from the address it calls RAM from; add that address first',
      );
    }
  }

  return {
    /** Where a key was used, once the key is listed for the path's owner (404 otherwise). */
    async usage(userName: string | null, accessKeyId: string): Promise<KeyUsageResponse> {
      await accessKeys.requireKeyOf(userName, accessKeyId);
      return {
        accessKeyId,
        services: await ims.keyUsage(accessKeyId),
        lagMinutes: KEY_USAGE_LAG_MINUTES,
      };
    },

    /**
     * A key's policy, once the key is listed for the path's owner (404 otherwise): the console's
     * own check, not IMS's, which may look a key ID up across users.
     */
    async getForKey(userName: string | null, accessKeyId: string): Promise<NetworkPolicyResponse> {
      await accessKeys.requireKeyOf(userName, accessKeyId);
      const [own, account] = await Promise.all([
        ims.getKeyPolicy(userName, accessKeyId),
        ims.getAccountPolicy(),
      ]);
      return toResponse(own, enforced(own, account).by);
    },

    async getForAccount(): Promise<NetworkPolicyResponse> {
      const account = await ims.getAccountPolicy();
      return toResponse(account, account?.status === 'Active' ? 'account' : 'none');
    },

    /** What a key's proposed policy would block, with the account's applying when it is Inactive. */
    async dryRunForKey(
      userName: string | null,
      accessKeyId: string,
      proposal: NetworkPolicyRequest,
    ): Promise<NetworkPolicyDryRunResponse> {
      // The key must be this owner's.
      await accessKeys.requireKeyOf(userName, accessKeyId);
      const [addresses, account, lockout] = await Promise.all([
        seen(accessKeyId),
        proposal.status === 'Active' ? null : ims.getAccountPolicy(),
        locksOutConsole({ accessKeyId }, proposal),
      ]);
      const ips = proposal.status === 'Active' ? proposal.allowedIps : enforced(null, account).ips;
      return { ...split(addresses, ips), locksOutConsole: lockout };
    },

    /**
     * The account-level list applies to every key without its own Active policy. The dry run
     * covers the account's own AccessKeys and the console's key; RAM users' keys are checked on
     * each key's page (an account can hold thousands).
     */
    async dryRunForAccount(proposal: NetworkPolicyRequest): Promise<NetworkPolicyDryRunResponse> {
      const { value: keys } = await ram.listAccessKeys(null);
      const ids = new Set(keys.map((k) => k.accessKeyId));
      if (deps.consoleAccessKeyId) ids.add(deps.consoleAccessKeyId);
      const owner = await consoleKeyOwner();
      const covered = await Promise.all(
        [...ids].map(async (id) => {
          const ownerName = id === deps.consoleAccessKeyId ? (owner?.userName ?? null) : null;
          const own = await ims.getKeyPolicy(ownerName, id);
          return own?.status === 'Active' ? [] : seen(id);
        }),
      );
      const ips = proposal.status === 'Active' ? proposal.allowedIps : null;
      const lockout = await locksOutConsole('account', proposal);
      return { ...split(covered.flat(), ips), locksOutConsole: lockout };
    },

    async setForKey(
      ctx: ActionContext,
      userName: string | null,
      accessKeyId: string,
      proposal: NetworkPolicyRequest,
    ): Promise<NetworkPolicyResponse> {
      return accessKeys.audited(
        ctx,
        { action: 'SetAccessKeyNetworkPolicy', ramUserName: userName, accessKeyId },
        async () => {
          // The key is checked before the ticket: a wrong key is a 404 that spends no code.
          await accessKeys.requireKeyOf(userName, accessKeyId);
          await accessKeys.requireTicket(ctx, 'SetAccessKeyNetworkPolicy', userName, accessKeyId);
          const current = await ims.getKeyPolicy(userName, accessKeyId);
          await refuseLockout({ accessKeyId }, proposal);
          const doc = { ...proposal, vpcRules: current?.vpcRules ?? [] };
          const ramRequestId = await ims.setKeyPolicy(userName, accessKeyId, doc);
          const account = await ims.getAccountPolicy();
          return { result: toResponse(doc, enforced(doc, account).by), ramRequestId };
        },
      );
    },

    async setForAccount(
      ctx: ActionContext,
      proposal: NetworkPolicyRequest,
    ): Promise<NetworkPolicyResponse> {
      return accessKeys.audited(
        ctx,
        { action: 'SetAccountNetworkPolicy', ramUserName: null },
        async () => {
          await accessKeys.requireTicket(ctx, 'SetAccountNetworkPolicy', null);
          const current = await ims.getAccountPolicy();
          await refuseLockout('account', proposal);
          const doc = { ...proposal, vpcRules: current?.vpcRules ?? [] };
          const ramRequestId = await ims.setAccountPolicy(doc);
          return {
            result: toResponse(doc, doc.status === 'Active' ? 'account' : 'none'),
            ramRequestId,
          };
        },
      );
    },
  };
}

export type NetworkPolicyService = ReturnType<typeof createNetworkPolicyService>;
