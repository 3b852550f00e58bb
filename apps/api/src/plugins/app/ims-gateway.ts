import type {
  KeyUsageService,
  NetworkPolicyStatus,
  RecycledAccessKey,
  RecycledUser,
  SecurityPreferences,
} from '@ram-console/contracts';
import { ImsClient, ImsSdk, sdkConfig, type SdkTarget } from '../../lib/alicloud.js';
import { createGenericRpc } from '../../lib/generic-rpc.js';

/**
 * IMS 2019-08-15 and ActionTrail 2020-07-06: what RAM added since the seeds (issue 13). The
 * official @alicloud/ims20190815 SDK wherever it has the action; the one generic client
 * (lib/generic-rpc.ts) for what it lacks (network policies, the idle days) and for ActionTrail.
 * Every call goes through the RAM gateway's `calls` (its cap on concurrent SDK calls, retries of
 * reads, throttling backoff and its error mapping), so RAM sees one well-behaved client.
 */

export interface LastUse {
  /** null: never used. */
  date: string | null;
  /** The service of the last use (`Ram`, `Ecs`…); null when RAM does not say. */
  service: string | null;
}

/** A network access restriction policy as the console edits it. */
export interface NetworkPolicyDoc {
  status: NetworkPolicyStatus;
  /** RAM's ClassicWhiteList entries (public source addresses), merged. */
  allowedIps: string[];
  /** VPC rules, kept as they are. */
  vpcRules: { vpcId: string; allowedIps: string[] }[];
}

export interface ImsCalls {
  read<T>(call: () => Promise<T>): Promise<T>;
  write<T>(call: () => Promise<T>): Promise<T>;
}

export interface ImsGatewayOptions {
  ims: SdkTarget;
  actiontrail: SdkTarget;
  calls: ImsCalls;
  /** `<alias, or the account ID>.onaliyun.com`: IMS names RAM users by UserPrincipalName. */
  userDomain: () => Promise<string>;
}

interface RawStatement {
  Type?: string;
  Value?: string;
  IPList?: string[];
}

/** RAM's policy JSON → the console's shape; `{}` (never set) → null. */
export function parsePolicyDocument(raw: string | undefined): NetworkPolicyDoc | null {
  let doc: { Status?: string; Statements?: RawStatement[] };
  try {
    doc = JSON.parse(raw || '{}') as typeof doc;
  } catch {
    return null;
  }
  if (!doc || typeof doc !== 'object' || doc.Status === undefined) return null;
  const statements = Array.isArray(doc.Statements) ? doc.Statements : [];
  return {
    status: doc.Status === 'Active' ? 'Active' : 'Inactive',
    allowedIps: statements
      .filter((s) => s.Type === 'ClassicWhiteList')
      .flatMap((s) => s.IPList ?? []),
    vpcRules: statements
      .filter((s) => s.Type === 'VPCWhiteList')
      .map((s) => ({ vpcId: s.Value ?? '', allowedIps: s.IPList ?? [] })),
  };
}

export function serializePolicyDocument(doc: NetworkPolicyDoc): string {
  return JSON.stringify({
    Version: 1,
    Status: doc.status,
    Statements: [
      ...(doc.allowedIps.length ? [{ Type: 'ClassicWhiteList', IPList: doc.allowedIps }] : []),
      ...doc.vpcRules.map((r) => ({ Type: 'VPCWhiteList', Value: r.vpcId, IPList: r.allowedIps })),
    ],
  });
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const msToIso = (ms: unknown): string =>
  typeof ms === 'number' && Number.isFinite(ms)
    ? new Date(ms).toISOString().slice(0, 19) + 'Z'
    : '';

export function createImsGateway(opts: ImsGatewayOptions) {
  const ims = new ImsClient(sdkConfig(opts.ims));
  const imsRpc = createGenericRpc(opts.ims, '2019-08-15');
  const trail = createGenericRpc(opts.actiontrail, '2020-07-06');
  const { read, write } = opts.calls;
  /** Empty for the account's own keys: IMS then means the caller, like RAM without UserName. */
  const principal = async (userName: string | null): Promise<Record<string, string>> =>
    userName === null ? {} : { UserPrincipalName: `${userName}@${await opts.userDomain()}` };
  const upn = async (userName: string | null) => (await principal(userName)).UserPrincipalName;

  const binKey = (k: {
    accessKeyId?: string;
    createDate?: string;
    recycleDate?: string;
    deleteDate?: string;
  }) => ({
    accessKeyId: k.accessKeyId ?? '',
    createDate: k.createDate ?? '',
    recycleDate: k.recycleDate ?? '',
    deleteDate: k.deleteDate ?? '',
  });

  return {
    /** IMS GetAccessKeyLastUsed: the date and the service. */
    async lastUse(userName: string | null, accessKeyId: string): Promise<LastUse> {
      const userPrincipalName = await upn(userName);
      const res = await read(() =>
        ims.getAccessKeyLastUsed(
          new ImsSdk.GetAccessKeyLastUsedRequest({
            userAccessKeyId: accessKeyId,
            ...(userPrincipalName ? { userPrincipalName } : {}),
          }),
        ),
      );
      const last = res.body?.accessKeyLastUsed;
      return { date: last?.lastUsedDate || null, service: last?.serviceName || null };
    },

    async getKeyPolicy(
      userName: string | null,
      accessKeyId: string,
    ): Promise<NetworkPolicyDoc | null> {
      const query = { ...(await principal(userName)), UserAccessKeyId: accessKeyId };
      const body = await read(() => imsRpc.call('GetAccessKeyPolicy', query));
      return parsePolicyDocument(str(body.AccessKeyPolicy));
    },

    async setKeyPolicy(
      userName: string | null,
      accessKeyId: string,
      doc: NetworkPolicyDoc,
    ): Promise<string | null> {
      const query = {
        ...(await principal(userName)),
        UserAccessKeyId: accessKeyId,
        AccessKeyPolicy: serializePolicyDocument(doc),
      };
      const body = await write(() => imsRpc.call('SetAccessKeyPolicy', query));
      return str(body.RequestId) || null;
    },

    async getAccountPolicy(): Promise<NetworkPolicyDoc | null> {
      const body = await read(() => imsRpc.call('GetAccessKeyPolicyForAccount'));
      return parsePolicyDocument(str(body.AccessKeyPolicy));
    },

    async setAccountPolicy(doc: NetworkPolicyDoc): Promise<string | null> {
      const query = { AccessKeyPolicy: serializePolicyDocument(doc) };
      const body = await write(() => imsRpc.call('SetAccessKeyPolicyForAccount', query));
      return str(body.RequestId) || null;
    },

    /** IMS's own name for the UserPrincipalName domain (`…onaliyun.com`); '' when it gives none. */
    async getDefaultDomain(): Promise<string> {
      const res = await read(() => ims.getDefaultDomain());
      return res.body?.defaultDomainName ?? '';
    },

    async getSecurityPreferences(): Promise<SecurityPreferences> {
      const res = await read(() => ims.getSecurityPreference());
      const p = res.body?.securityPreference;
      return {
        allowUserToManageAccessKeys: p?.accessKeyPreference?.allowUserToManageAccessKeys === true,
        maxIdleDaysForAccessKeys: p?.maxIdleDays?.maxIdleDaysForAccessKeys ?? 730,
      };
    },

    /**
     * One SetSecurityPreference through the generic client (the 2.3.2 SDK cannot send
     * MaxIdleDaysForAccessKeys), carrying every other preference as RAM just gave it: no source
     * says an omitted field keeps its value, so a save here must not reset the account's login
     * and MFA settings (Terraform sends them all for the same reason).
     */
    async setSecurityPreferences(prefs: SecurityPreferences): Promise<string | null> {
      const current = await read(() => imsRpc.call('GetSecurityPreference'));
      const body = await write(() =>
        imsRpc.call('SetSecurityPreference', securityPreferenceParams(current, prefs)),
      );
      return str(body.RequestId) || null;
    },

    /** A user's keys in the AccessKey recycle bin, or every user's with null. */
    async listBinKeys(userId: string | null) {
      const res = await read(() =>
        ims.listAccessKeysInRecycleBin(
          new ImsSdk.ListAccessKeysInRecycleBinRequest(userId === null ? {} : { userId }),
        ),
      );
      return (res.body?.accessKeys?.accessKey ?? []).map(binKey);
    },

    /** Whose a binned key is (the list leaves the owner out). */
    async binKeyInfo(accessKeyId: string): Promise<RecycledAccessKey> {
      const res = await read(() =>
        ims.getAccessKeyInfoInRecycleBin(
          new ImsSdk.GetAccessKeyInfoInRecycleBinRequest({ userAccessKeyId: accessKeyId }),
        ),
      );
      const k = res.body?.accessKey;
      const name = k?.userPrincipalName ?? '';
      return {
        ...binKey(k ?? {}),
        userId: k?.userId ?? '',
        userName: name.includes('@') ? name.slice(0, name.lastIndexOf('@')) : name,
        userRecycled: k?.userRecycled === true,
      };
    },

    async restoreKey(userId: string, accessKeyId: string): Promise<string | null> {
      const res = await write(() =>
        ims.restoreAccessKeyFromRecycleBin(
          new ImsSdk.RestoreAccessKeyFromRecycleBinRequest({
            userId,
            userAccessKeyId: accessKeyId,
          }),
        ),
      );
      return res.body?.requestId ?? null;
    },

    async purgeKey(userId: string, accessKeyId: string): Promise<string | null> {
      const res = await write(() =>
        ims.deleteAccessKeyInRecycleBin(
          new ImsSdk.DeleteAccessKeyInRecycleBinRequest({ userId, userAccessKeyId: accessKeyId }),
        ),
      );
      return res.body?.requestId ?? null;
    },

    /** Every user in the bin (RAM keeps at most 1,000: ten pages of 100). */
    async listBinUsers(): Promise<RecycledUser[]> {
      const users: RecycledUser[] = [];
      let marker: string | undefined;
      for (let page = 0; page < 10; page++) {
        const res = await read(() =>
          ims.listUsersInRecycleBin(
            new ImsSdk.ListUsersInRecycleBinRequest({
              maxItems: 100,
              ...(marker ? { marker } : {}),
            }),
          ),
        );
        for (const u of res.body?.users?.user ?? []) {
          const name = u.userPrincipalName ?? '';
          users.push({
            userId: u.userId ?? '',
            userName: name.includes('@') ? name.slice(0, name.lastIndexOf('@')) : name,
            displayName: u.displayName ?? '',
            createDate: u.createDate ?? '',
            recycleDate: u.recycleDate ?? '',
            deleteDate: u.deleteDate ?? '',
          });
        }
        marker = res.body?.isTruncated ? res.body.marker : undefined;
        if (!marker) break;
      }
      return users;
    },

    async restoreUser(userId: string): Promise<string | null> {
      const res = await write(() =>
        ims.restoreUserFromRecycleBin(new ImsSdk.RestoreUserFromRecycleBinRequest({ userId })),
      );
      return res.body?.requestId ?? null;
    },

    async purgeUser(userId: string): Promise<string | null> {
      const res = await write(() =>
        ims.deleteUserInRecycleBin(new ImsSdk.DeleteUserInRecycleBinRequest({ userId })),
      );
      return res.body?.requestId ?? null;
    },

    /**
     * Where a key was used: ActionTrail's services (GetAccessKeyLastUsedProducts), each with its
     * source addresses (GetAccessKeyLastUsedIps, the newest 100), newest first.
     */
    async keyUsage(accessKeyId: string): Promise<KeyUsageService[]> {
      const products = await read(() =>
        trail.call('GetAccessKeyLastUsedProducts', { AccessKey: accessKeyId }),
      );
      const list = Array.isArray(products.Products)
        ? (products.Products as { ServiceName?: unknown; UsedTimestamp?: unknown }[])
        : [];
      return Promise.all(
        newestPerService(list).map(async (p) => {
          const serviceName = p.serviceName;
          const body = await read(() =>
            trail.call('GetAccessKeyLastUsedIps', {
              AccessKey: accessKeyId,
              ServiceName: serviceName,
              PageSize: '100',
            }),
          );
          const ips = Array.isArray(body.Ips)
            ? (body.Ips as { Ip?: unknown; UsedTimestamp?: unknown }[])
            : [];
          return {
            serviceName,
            lastUsedAt: msToIso(p.usedTimestamp),
            ips: ips
              .filter((i) => str(i.Ip))
              .map((i) => ({ ip: str(i.Ip), lastUsedAt: msToIso(i.UsedTimestamp) })),
          };
        }),
      );
    },
  };
}

export type ImsGateway = ReturnType<typeof createImsGateway>;

/**
 * ActionTrail's services of a key, one row each: the answer may name a service more than once
 * (its entries also carry a `Source`), so the newest use of each is kept, in the order first seen.
 */
export function newestPerService(
  products: readonly { ServiceName?: unknown; UsedTimestamp?: unknown }[],
): { serviceName: string; usedTimestamp: unknown }[] {
  const byName = new Map<string, { serviceName: string; usedTimestamp: unknown }>();
  for (const p of products) {
    const serviceName = str(p.ServiceName);
    if (!serviceName) continue;
    const seen = byName.get(serviceName);
    if (!seen || Number(p.UsedTimestamp) > Number(seen.usedTimestamp))
      byName.set(serviceName, { serviceName, usedTimestamp: p.UsedTimestamp });
  }
  return [...byName.values()];
}

type Raw = Record<string, unknown>;

/**
 * SetSecurityPreference's flat parameters: the two the console edits, and every other writable
 * preference copied from GetSecurityPreference's answer (`current`) as it stands. A field RAM did
 * not return is not sent.
 */
export function securityPreferenceParams(
  current: Raw,
  prefs: SecurityPreferences,
): Record<string, string> {
  const sp = (current.SecurityPreference ?? {}) as Record<string, Raw | undefined>;
  const kept: Record<string, string[]> = {
    LoginProfilePreference: [
      'AllowUserToChangePassword',
      'AllowUserToLoginWithPasskey',
      'EnableSaveMFATicket',
      'LoginNetworkMasks',
      'LoginSessionDuration',
      'MFAOperationForLogin',
      'OperationForRiskLogin',
    ],
    MFAPreference: ['AllowUserToManageMFADevices'],
    PersonalInfoPreference: ['AllowUserToManagePersonalDingTalk'],
    MaxIdleDays: ['MaxIdleDaysForUsers'],
  };
  const params: Record<string, string> = {};
  for (const [group, names] of Object.entries(kept)) {
    for (const name of names) {
      const value = sp[group]?.[name];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        params[name] = String(value);
    }
  }
  const types = sp.VerificationPreference?.VerificationTypes;
  if (Array.isArray(types) && types.every((t) => typeof t === 'string'))
    params.VerificationTypes = JSON.stringify(types);
  params.AllowUserToManageAccessKeys = String(prefs.allowUserToManageAccessKeys);
  params.MaxIdleDaysForAccessKeys = String(prefs.maxIdleDaysForAccessKeys);
  return params;
}
