import { DAY_MS } from '../clock.js';
import { InvalidValue } from '../errors.js';
import type { UsageRow } from '../state/store.js';
import { required, type ActionContext, type ActionDef } from './context.js';

/**
 * ActionTrail 2020-07-06: where a key was used, answered from the emulator's own record of every
 * signed call (service and source IP; reference/ims-api.md §7). ActionTrail looks back 400 days;
 * unlike the real service (refreshed hourly), the record here is current at once.
 */

const LOOKBACK_MS = 400 * DAY_MS;
const SOURCE = 'ManagementEvent';

interface KeyRecord {
  accessKeyId: string;
  owner: { accountType: 'root-account' | 'ram-user'; userName: string; ownerId: string };
  usage: UsageRow[];
}

/** A key of this account (live or in the bin) and its usage within the look-back window. */
function record(ctx: ActionContext): KeyRecord | undefined {
  const id = required(ctx, 'AccessKey');
  const key = ctx.store.getAnyKey(id);
  if (!key) return undefined;
  const { accountId } = ctx.settings;
  let owner: KeyRecord['owner'] = {
    accountType: 'root-account',
    userName: 'root',
    ownerId: accountId,
  };
  if (key.user_seq !== null) {
    const user = ctx.store.getUserBySeq(key.user_seq) ?? ctx.store.getBinUserBySeq(key.user_seq);
    owner = {
      accountType: 'ram-user',
      userName: user?.user_name ?? '',
      ownerId: user?.user_id ?? '',
    };
  }
  const since = ctx.settings.now().getTime() - LOOKBACK_MS;
  return { accessKeyId: id, owner, usage: ctx.store.usage(id).filter((u) => u.used_at >= since) };
}

/** The event behind a use, as ActionTrail's `Detail` carries it (a JSON string). */
function detail(ctx: ActionContext, r: KeyRecord, u: UsageRow): string {
  return JSON.stringify({
    eventSource: `${u.service_name.toLowerCase()}.aliyuncs.com`,
    sourceIpAddress: u.ip,
    eventType: 'ApiCall',
    serviceName: u.service_name,
    eventTime: new Date(u.used_at).toISOString().slice(0, 19) + 'Z',
    userIdentity: {
      accountId: ctx.settings.accountId,
      principalId: r.owner.ownerId,
      type: r.owner.accountType,
      userName: r.owner.userName,
      accessKeyId: r.accessKeyId,
    },
  });
}

/** The newest use per service. */
function byService(usage: UsageRow[]): UsageRow[] {
  const seen = new Map<string, UsageRow>();
  for (const u of usage) if (!seen.has(u.service_name)) seen.set(u.service_name, u);
  return [...seen.values()];
}

const GetAccessKeyLastUsedInfo: ActionDef = {
  permission: 'trail',
  handler(ctx) {
    const r = record(ctx);
    if (!r) return { AccessKeyId: required(ctx, 'AccessKey') };
    const last = r.usage[0];
    return {
      AccessKeyId: r.accessKeyId,
      AccountId: ctx.settings.accountId,
      OwnerId: r.owner.ownerId,
      AccountType: r.owner.accountType,
      UserName: r.owner.userName,
      ...(last
        ? {
            ServiceName: last.service_name,
            Source: SOURCE,
            UsedTimestamp: last.used_at,
            Detail: detail(ctx, r, last),
          }
        : {}),
    };
  },
};

const GetAccessKeyLastUsedProducts: ActionDef = {
  permission: 'trail',
  handler(ctx) {
    const r = record(ctx);
    return {
      Products: (r ? byService(r.usage) : []).map((u) => ({
        ServiceName: u.service_name,
        Source: SOURCE,
        UsedTimestamp: u.used_at,
        Detail: detail(ctx, r!, u),
      })),
    };
  },
};

const encodeToken = (offset: number) => Buffer.from(`i${offset}`).toString('base64url');
function decodeToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const m = /^i(\d{1,6})$/.exec(Buffer.from(token, 'base64url').toString());
  if (!m) throw new InvalidValue('NextToken', 'not a token returned by GetAccessKeyLastUsedIps');
  return Number(m[1]);
}

/** Source IPs of one service, newest first, `PageSize` 0–100 (0 and absent mean 20). */
const GetAccessKeyLastUsedIps: ActionDef = {
  permission: 'trail',
  handler(ctx) {
    const service = required(ctx, 'ServiceName');
    const raw = ctx.param('PageSize');
    const size = raw === undefined ? 20 : /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!(size >= 0 && size <= 100)) throw new InvalidValue('PageSize', 'must be 0 to 100');
    const pageSize = size === 0 ? 20 : size;
    const r = record(ctx);
    const ips = (r?.usage ?? []).filter(
      (u) => u.service_name.toLowerCase() === service.toLowerCase(),
    );
    const offset = decodeToken(ctx.param('NextToken'));
    const page = ips.slice(offset, offset + pageSize);
    return {
      Ips: page.map((u) => ({
        Ip: u.ip,
        UsedTimestamp: u.used_at,
        Source: SOURCE,
        Detail: detail(ctx, r!, u),
      })),
      ...(offset + pageSize < ips.length ? { NextToken: encodeToken(offset + pageSize) } : {}),
    };
  },
};

export const actionTrailActions = {
  GetAccessKeyLastUsedInfo,
  GetAccessKeyLastUsedProducts,
  GetAccessKeyLastUsedIps,
};
