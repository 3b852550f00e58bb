import { ConsoleErrorCode, type AccessKeyStatus } from '@ram-console/contracts';
import { ApiHttpError } from '../../errors.js';
import { RamClient, RamSdk, StsClient, sdkConfig, type SdkTarget } from '../../lib/alicloud.js';
import { createImsGateway, type LastUse } from './ims-gateway.js';
import { createLastUsedCache, createLimiter, throttleBackoffMs } from './ram-call-control.js';

/**
 * The RAM gateway: the one module that owns the official SDK client. It maps SDK errors to the
 * console's error shape (RAM's code and status, RAM's request id), retries reads a little, and
 * never retries a write. Every SDK call goes through one limiter (at most `maxConcurrentCalls` at
 * once per instance); last-use dates are kept a few seconds (ram-call-control.ts).
 */

export interface RamAccessKey {
  accessKeyId: string;
  status: AccessKeyStatus;
  createDate: string;
}

export interface RamUserRecord {
  userId: string;
  userName: string;
  displayName: string;
  comments: string;
  createDate: string;
  updateDate: string | null;
}

export interface Answered<T> {
  value: T;
  ramRequestId: string | null;
}

interface SdkError {
  statusCode?: number;
  code?: string;
  /** ThrottlingError: RAM's `x-acs-retry-after`, in milliseconds as the SDK reads it. */
  retryAfter?: number;
  data?: { RequestId?: string; Message?: string; Code?: string } | undefined;
  requestId?: string;
  name?: string;
  message?: string;
}

/** RAM answered with an error body (as opposed to a timeout, reset or an unreadable 5xx). */
function answeredError(err: unknown): err is SdkError & { statusCode: number; code: string } {
  const e = err as SdkError;
  return (
    typeof e?.statusCode === 'number' &&
    typeof e.code === 'string' &&
    e.code !== 'undefined' &&
    typeof e.data === 'object' &&
    e.data !== null
  );
}

/** RAM said to slow down: `Throttling`, `Throttling.User`, `Throttling.Api`… */
export function isThrottling(err: unknown): err is SdkError & { statusCode: number; code: string } {
  return answeredError(err) && err.code.startsWith('Throttling');
}

/** Without a hint from RAM, how long the operator is told to wait. */
const DEFAULT_THROTTLE_WAIT_SECONDS = 2;

export function toApiError(err: unknown): ApiHttpError {
  if (err instanceof ApiHttpError) return err;
  if (isThrottling(err)) {
    const ramRequestId = err.data?.RequestId;
    const retryAfterSeconds =
      typeof err.retryAfter === 'number' && err.retryAfter > 0
        ? Math.ceil(err.retryAfter / 1000)
        : DEFAULT_THROTTLE_WAIT_SECONDS;
    return new ApiHttpError(
      429,
      ConsoleErrorCode.RamThrottled,
      `RAM is throttling requests (${err.code}); try again in ${retryAfterSeconds} s`,
      {
        details: { retryAfterSeconds },
        headers: { 'retry-after': String(retryAfterSeconds) },
        ...(ramRequestId ? { ramRequestId } : {}),
      },
    );
  }
  if (answeredError(err)) {
    const ramRequestId =
      err.data?.RequestId ?? (err.requestId !== 'undefined' ? err.requestId : undefined);
    const message = err.data?.Message ?? err.message ?? 'RAM refused the request';
    // RAM's 4xx pass through as they are; a RAM 5xx is a bad gateway from the console's view.
    const status = err.statusCode < 500 ? err.statusCode : 502;
    return new ApiHttpError(status, err.code, message, ramRequestId ? { ramRequestId } : {});
  }
  const e = err as SdkError;
  const reason =
    (typeof e?.code === 'string' && e.code !== 'undefined' ? e.code : e?.name) ?? 'Error';
  return new ApiHttpError(
    502,
    ConsoleErrorCode.RamUnavailable,
    `RAM did not answer (${reason}); try again in a moment`,
  );
}

function retryable(err: unknown): boolean {
  if (!answeredError(err)) return true;
  return err.statusCode >= 500;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RamGatewayOptions {
  ram: SdkTarget;
  sts: SdkTarget;
  /** IMS 2019-08-15 (ims.aliyuncs.com) and ActionTrail; default: the RAM target (an emulator). */
  ims?: SdkTarget;
  actiontrail?: SdkTarget;
  /** Backoffs between read attempts after no answer or a RAM 5xx; [] disables retries. */
  readRetryDelaysMs?: number[];
  /** At most this many SDK calls in flight at once (RAM_MAX_CONCURRENT_CALLS). Default 16. */
  maxConcurrentCalls?: number;
  /** How long a key's last use is kept, in ms (LAST_USED_CACHE_SECONDS); 0 = not kept. */
  lastUsedTtlMs?: number;
  /** A throttled read is retried this many times, backing off with jitter. */
  throttleRetries?: number;
  /** First backoff step for a throttled read when RAM sends no hint; doubles each time. */
  throttleBaseDelayMs?: number;
  /** Clock for the last-used cache (tests move it). */
  now?: () => number;
  /** Jitter source (tests pin it). */
  random?: () => number;
}

export function createRamGateway(opts: RamGatewayOptions) {
  const ram = new RamClient(sdkConfig(opts.ram));
  const sts = new StsClient(sdkConfig(opts.sts));
  const delays = opts.readRetryDelaysMs ?? [100, 400];
  const limiter = createLimiter(opts.maxConcurrentCalls ?? 16);
  const lastUsed = createLastUsedCache<LastUse>({
    ttlMs: opts.lastUsedTtlMs ?? 15_000,
    now: opts.now ?? Date.now,
  });
  const throttleRetries = opts.throttleRetries ?? 3;
  const throttleBaseMs = opts.throttleBaseDelayMs ?? 250;
  const throttleMaxDelayMs = 2_000;
  const random = opts.random ?? Math.random;

  /** One SDK call, within the instance's cap (a backoff waits outside it). */
  const sdk = <T>(call: () => Promise<T>): Promise<T> => limiter.run(call);

  /**
   * Reads are safe to repeat: retried on no answer and 5xx (`readRetryDelaysMs`), and when RAM
   * throttles, after a jittered backoff (`throttleRetries` times) before the operator is told.
   */
  async function read<T>(call: () => Promise<T>): Promise<T> {
    let failures = 0;
    let throttled = 0;
    for (;;) {
      try {
        return await sdk(call);
      } catch (err) {
        if (isThrottling(err)) {
          // RAM asking for a long pause: tell the operator now rather than hold the request.
          if (throttled >= throttleRetries || (err.retryAfter ?? 0) > throttleMaxDelayMs) {
            throw toApiError(err);
          }
          await sleep(throttleBackoffMs(throttled++, err.retryAfter, throttleBaseMs, random));
          continue;
        }
        if (failures >= delays.length || !retryable(err)) throw toApiError(err);
        await sleep(delays[failures++]!);
      }
    }
  }

  /** Writes run exactly once; throttled, they tell the operator how long to wait. */
  async function write<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await sdk(call);
    } catch (err) {
      throw toApiError(err);
    }
  }

  /**
   * The console's own write on a key: its kept last use is dropped before the call (a view in
   * flight cannot keep its older answer) and again after (nor can one that began meanwhile).
   */
  async function invalidating<T>(accessKeyId: string, call: () => Promise<T>): Promise<T> {
    lastUsed.invalidate(accessKeyId);
    try {
      return await call();
    } finally {
      lastUsed.invalidate(accessKeyId);
    }
  }

  const userParam = (userName: string | null) => (userName === null ? {} : { userName });

  let account: Promise<{ accountAlias: string; accountId: string }> | null = null;
  /**
   * The account's alias (its ID when it has none) and ID, asked once (again after a failure):
   * the console's header and UserPrincipalNames (`<user>@<alias>.onaliyun.com`) both need it.
   */
  const accountInfo = (): Promise<{ accountAlias: string; accountId: string }> => {
    account ??= Promise.all([gateway.getAccountAlias(), gateway.getCallerIdentity()]).then(
      ([alias, identity]) => ({
        accountAlias: alias || identity.accountId,
        accountId: identity.accountId,
      }),
      (err: unknown) => {
        account = null;
        throw err;
      },
    );
    return account;
  };
  let domain: Promise<string> | null = null;
  /**
   * The domain of the account's UserPrincipalNames, which IMS names users by: IMS's
   * GetDefaultDomain, asked once per instance; `<alias, or the account ID>.onaliyun.com` when it
   * does not answer (no permission for it, say), which is what the domain is by default.
   */
  const userDomain = (): Promise<string> => {
    // A refusal of GetDefaultDomain is kept as "use the alias rule" (asking again on every view
    // would cost a call each); only a failure to learn the alias is asked again.
    domain ??= ims
      .getDefaultDomain()
      .catch(() => '')
      .then(async (name) => name || `${(await accountInfo()).accountAlias}.onaliyun.com`)
      .catch((err: unknown) => {
        domain = null;
        throw err;
      });
    return domain;
  };
  const ims = createImsGateway({
    ims: opts.ims ?? opts.ram,
    actiontrail: opts.actiontrail ?? opts.ram,
    calls: { read, write },
    userDomain,
  });

  const gateway = {
    /** IMS and ActionTrail (ims-gateway.ts), through the same call control as RAM. */
    ims,
    accountInfo,

    async listAccessKeys(userName: string | null): Promise<Answered<RamAccessKey[]>> {
      const res = await read(() =>
        ram.listAccessKeys(new RamSdk.ListAccessKeysRequest(userParam(userName))),
      );
      return {
        value: (res.body?.accessKeys?.accessKey ?? []).map((k) => ({
          accessKeyId: k.accessKeyId ?? '',
          status: k.status === 'Inactive' ? 'Inactive' : 'Active',
          createDate: k.createDate ?? '',
        })),
        ramRequestId: res.body?.requestId ?? null,
      };
    },

    /** Never retried. On no answer, lists again and reports keys that appeared as orphans. */
    async createAccessKey(
      userName: string | null,
    ): Promise<Answered<RamAccessKey & { accessKeySecret: string }>> {
      const before = await gateway.listAccessKeys(userName);
      try {
        const res = await sdk(() =>
          ram.createAccessKey(new RamSdk.CreateAccessKeyRequest(userParam(userName))),
        );
        const k = res.body?.accessKey;
        if (!k?.accessKeyId || !k.accessKeySecret) {
          throw new Error('CreateAccessKey answered without a key');
        }
        return {
          value: {
            accessKeyId: k.accessKeyId,
            accessKeySecret: k.accessKeySecret,
            status: k.status === 'Inactive' ? 'Inactive' : 'Active',
            createDate: k.createDate ?? '',
          },
          ramRequestId: res.body?.requestId ?? null,
        };
      } catch (err) {
        // A clear refusal (4xx with a RAM body, throttling included) means nothing was created.
        if (answeredError(err) && err.statusCode < 500) throw toApiError(err);
        const known = new Set(before.value.map((k) => k.accessKeyId));
        let orphans: string[] | null;
        try {
          const after = await gateway.listAccessKeys(userName);
          orphans = after.value.map((k) => k.accessKeyId).filter((id) => !known.has(id));
        } catch {
          orphans = null;
        }
        if (answeredError(err) && orphans !== null && orphans.length === 0) {
          // RAM answered 5xx and nothing appeared: a plain failure.
          throw toApiError(err);
        }
        const mapped = toApiError(err);
        throw new ApiHttpError(
          502,
          ConsoleErrorCode.CreateOutcomeUnknown,
          orphans === null
            ? 'RAM did not confirm the new AccessKey and the keys could not be listed again; check the list before creating another'
            : orphans.length > 0
              ? `RAM did not confirm the new AccessKey, but ${orphans.length === 1 ? 'a key' : 'keys'} appeared: ${orphans.join(', ')}. Its secret cannot be shown; delete it and create a new one`
              : 'RAM did not confirm the new AccessKey and no new key has appeared yet; refresh the list before creating another',
          {
            orphanAccessKeyIds: orphans ?? [],
            ...(mapped.extra.ramRequestId ? { ramRequestId: mapped.extra.ramRequestId } : {}),
          },
        );
      }
    },

    async updateAccessKey(
      userName: string | null,
      accessKeyId: string,
      status: AccessKeyStatus,
    ): Promise<Answered<null>> {
      const res = await invalidating(accessKeyId, () =>
        write(() =>
          ram.updateAccessKey(
            new RamSdk.UpdateAccessKeyRequest({
              ...userParam(userName),
              userAccessKeyId: accessKeyId,
              status,
            }),
          ),
        ),
      );
      return { value: null, ramRequestId: res.body?.requestId ?? null };
    },

    async deleteAccessKey(userName: string | null, accessKeyId: string): Promise<Answered<null>> {
      const res = await invalidating(accessKeyId, () =>
        write(() =>
          ram.deleteAccessKey(
            new RamSdk.DeleteAccessKeyRequest({
              ...userParam(userName),
              userAccessKeyId: accessKeyId,
            }),
          ),
        ),
      );
      return { value: null, ramRequestId: res.body?.requestId ?? null };
    },

    /**
     * The last use (date and service, IMS GetAccessKeyLastUsed); both null when never used, when
     * RAM has no record, or on failure (failures are not kept). Kept `lastUsedTtlMs` by AccessKey
     * ID, one call for concurrent lookups of one key; `fresh` (the rotation wizard's polling)
     * asks RAM again.
     */
    async getAccessKeyLastUse(
      userName: string | null,
      accessKeyId: string,
      opts: { fresh?: boolean } = {},
    ): Promise<LastUse> {
      try {
        return await lastUsed.get(accessKeyId, () => ims.lastUse(userName, accessKeyId), opts);
      } catch {
        return { date: null, service: null };
      }
    },

    /** The date alone (see getAccessKeyLastUse). */
    async getAccessKeyLastUsed(
      userName: string | null,
      accessKeyId: string,
      opts: { fresh?: boolean } = {},
    ): Promise<string | null> {
      return (await gateway.getAccessKeyLastUse(userName, accessKeyId, opts)).date;
    },

    /** For tests and the bench: SDK calls running now and waiting for a slot; keys kept. */
    stats: () => ({ active: limiter.active, queued: limiter.queued, lastUsedKept: lastUsed.size }),

    async listUsers(marker: string | undefined, maxItems: number) {
      const res = await read(() =>
        ram.listUsers(new RamSdk.ListUsersRequest({ maxItems, ...(marker ? { marker } : {}) })),
      );
      return {
        users: (res.body?.users?.user ?? []).map(toUserRecord),
        isTruncated: res.body?.isTruncated === true,
        marker: res.body?.isTruncated ? (res.body.marker ?? null) : null,
      };
    },

    async getUser(userName: string): Promise<RamUserRecord> {
      const res = await read(() => ram.getUser(new RamSdk.GetUserRequest({ userName })));
      return toUserRecord(res.body?.user ?? {});
    },

    async createUser(input: {
      userName: string;
      displayName: string;
      comments?: string | undefined;
    }): Promise<Answered<RamUserRecord>> {
      const res = await write(() =>
        ram.createUser(
          new RamSdk.CreateUserRequest({
            userName: input.userName,
            displayName: input.displayName,
            ...(input.comments ? { comments: input.comments } : {}),
          }),
        ),
      );
      return {
        value: toUserRecord(res.body?.user ?? {}),
        ramRequestId: res.body?.requestId ?? null,
      };
    },

    /**
     * Like the console (not the API): remove the user's keys, policies, groups, login profile and
     * MFA device first, then the user. Returns the deleted key ids.
     */
    async deleteUser(
      userName: string,
      onAccessKeyDeleted: (
        accessKeyId: string,
        ramRequestId: string | null,
      ) => Promise<void> = async () => {},
    ): Promise<Answered<{ deletedAccessKeyIds: string[] }>> {
      const keys = await gateway.listAccessKeys(userName);
      for (const k of keys.value) {
        const { ramRequestId } = await gateway.deleteAccessKey(userName, k.accessKeyId);
        // Reported one by one: if a later step fails, the keys already gone are on record.
        await onAccessKeyDeleted(k.accessKeyId, ramRequestId);
      }
      await optional(async () => {
        const res = await read(() =>
          ram.listPoliciesForUser(new RamSdk.ListPoliciesForUserRequest({ userName })),
        );
        for (const p of res.body?.policies?.policy ?? []) {
          await write(() =>
            ram.detachPolicyFromUser(
              new RamSdk.DetachPolicyFromUserRequest({
                userName,
                policyName: p.policyName ?? '',
                policyType: p.policyType ?? '',
              }),
            ),
          );
        }
      });
      await optional(async () => {
        const res = await read(() =>
          ram.listGroupsForUser(new RamSdk.ListGroupsForUserRequest({ userName })),
        );
        for (const g of res.body?.groups?.group ?? []) {
          await write(() =>
            ram.removeUserFromGroup(
              new RamSdk.RemoveUserFromGroupRequest({ userName, groupName: g.groupName ?? '' }),
            ),
          );
        }
      });
      await optional(() =>
        write(() => ram.deleteLoginProfile(new RamSdk.DeleteLoginProfileRequest({ userName }))),
      );
      await optional(() =>
        write(() => ram.unbindMFADevice(new RamSdk.UnbindMFADeviceRequest({ userName }))),
      );
      const res = await write(() => ram.deleteUser(new RamSdk.DeleteUserRequest({ userName })));
      return {
        value: { deletedAccessKeyIds: keys.value.map((k) => k.accessKeyId) },
        ramRequestId: res.body?.requestId ?? null,
      };
    },

    async getAccountAlias(): Promise<string> {
      const res = await read(() => ram.getAccountAlias());
      return res.body?.accountAlias ?? '';
    },

    /** `userName`: the RAM user the console signs as (from the ARN), null for the account. */
    async getCallerIdentity(): Promise<{
      accountId: string;
      identityType: string | null;
      userName: string | null;
    }> {
      const res = await read(() => sts.getCallerIdentity());
      const arn = res.body?.arn ?? '';
      return {
        accountId: res.body?.accountId ?? '',
        identityType: res.body?.identityType ?? null,
        userName: /:user\/([^/]+)$/.exec(arn)?.[1] ?? null,
      };
    },
  };
  return gateway;
}

/**
 * Clean-up steps before DeleteUser: "nothing to remove" answers (EntityNotExist.*) and endpoints
 * that do not offer the action (InvalidAction.NotFound, e.g. a minimal emulator) are not errors.
 */
async function optional(step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (err) {
    if (err instanceof ApiHttpError && err.statusCode === 404) return;
    throw err;
  }
}

function toUserRecord(u: {
  userId?: string;
  userName?: string;
  displayName?: string;
  comments?: string;
  createDate?: string;
  updateDate?: string;
}): RamUserRecord {
  return {
    userId: u.userId ?? '',
    userName: u.userName ?? '',
    displayName: u.displayName ?? '',
    comments: u.comments ?? '',
    createDate: u.createDate ?? '',
    updateDate: u.updateDate ? u.updateDate : null,
  };
}

export type RamGateway = ReturnType<typeof createRamGateway>;
