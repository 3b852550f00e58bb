import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  ACCOUNT_ALIAS_META,
  PRODUCTS,
  SYSTEM_POLICIES,
  type ActionContext,
  type ActionDef,
  type Caller,
  type EmulatorSettings,
  type Product,
} from './actions/index.js';
import { Authenticator } from './auth.js';
import { BusinessClock } from './clock.js';
import {
  InternalError,
  InvalidActionNotFound,
  InvalidApiNotFound,
  InvalidVersion,
  MissingCommonParameter,
  NoPermission,
  RamError,
  ServiceUnavailable,
  ThrottlingUser,
} from './errors.js';
import { FaultPlan } from './faults.js';
import { DailyMaintenance } from './maintenance.js';
import { displayIp } from './network-policy.js';
import {
  isoSeconds,
  newAccessKeyId,
  newAccessKeySecret,
  newNumericId,
  newRequestId,
} from './ids.js';
import { errorBody, sendBody, type Format } from './respond.js';
import type { Params } from './signature/index.js';
import { ACCOUNT_SETTING_KEYS, AccountSettings } from './state/account-settings.js';
import { Store } from './state/store.js';
import { registerTestHooks } from './test-hooks.js';

export interface EmulatorOptions {
  /** SQLite file; omitted or ':memory:' = in-memory. */
  dbPath?: string;
  /** Root AccessKey pair; generated (and stored) when omitted. */
  rootCredentials?: { accessKeyId: string; accessKeySecret: string };
  /**
   * The real clock (signature time window, nonce expiry). The business clock (dates in bodies,
   * last use, recycle bins, idle auto-disable, SMS flow control) is this plus an offset that only
   * `POST /__emulator/clock` moves.
   */
  now?: () => Date;
  logger?: boolean;
  /** Dysmsapi's default flow control per number (1/min, 5/hour, 10/day). Default true. */
  smsFlowControl?: boolean;
  /** What GetAccountAlias returns. Default: the stored alias, else 'ram-console-demo'. */
  accountAlias?: string;
  /** RAM users per account. Default 1000 (RAM's documented limit). */
  maxUsers?: number;
}

export interface EmulatorHandle {
  rootCredentials: { accessKeyId: string; accessKeySecret: string };
  /** True only when this start generated the root pair (the CLI prints it then, once). */
  generatedRootCredentials: boolean;
  accountId: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    emulator: EmulatorHandle;
  }
  interface FastifyRequest {
    ram: RequestState | null;
  }
}

/** What the error handler needs to shape an error for this request. */
interface RequestState {
  requestId: string;
  product: Product | undefined;
  action: string;
  format: Format;
}

const DEFAULT_ALIAS = 'ram-console-demo';
const SECRET_LOG_PATHS = [
  'AccessKeySecret',
  '*.AccessKeySecret',
  '*.*.AccessKeySecret',
  'accessKeySecret',
  '*.accessKeySecret',
  '*.*.accessKeySecret',
];
const ROOT_KEY_META = 'root_access_key_id';

function rootCredentialsFor(store: Store, options: EmulatorOptions, now: Date) {
  if (options.rootCredentials) {
    const { accessKeyId, accessKeySecret } = options.rootCredentials;
    store.upsertRootKey(accessKeyId, accessKeySecret, isoSeconds(now));
    store.setMeta(ROOT_KEY_META, accessKeyId);
    return { credentials: { accessKeyId, accessKeySecret }, generated: false };
  }
  const storedId = store.getMeta(ROOT_KEY_META);
  const stored = storedId === undefined ? undefined : store.getKeyForAuth(storedId);
  if (stored && stored.user_seq === null) {
    return {
      credentials: { accessKeyId: stored.access_key_id, accessKeySecret: stored.access_key_secret },
      generated: false,
    };
  }
  const credentials = { accessKeyId: newAccessKeyId(), accessKeySecret: newAccessKeySecret() };
  store.upsertRootKey(credentials.accessKeyId, credentials.accessKeySecret, isoSeconds(now));
  store.setMeta(ROOT_KEY_META, credentials.accessKeyId);
  return { credentials, generated: true };
}

/** Whether a caller may run an action: root always; a RAM user by its policies or self-service. */
function allowed(def: ActionDef, caller: Caller, ctx: ActionContext): boolean {
  if (caller.kind === 'root' || def.permission === 'any') return true;
  const { store, account } = ctx;
  if (
    store.policyNames(caller.userSeq!).some((n) => SYSTEM_POLICIES[n]?.grants.has(def.permission))
  )
    return true;
  // AllowUserToManageAccessKeys: a RAM user may manage its own keys without any policy.
  if (!def.selfService || !account.preferences.allowUserToManageAccessKeys) return false;
  const name = ctx.param('UserName');
  const upn = ctx.param('UserPrincipalName');
  return (
    (name === undefined || name === caller.userName) &&
    (upn === undefined || upn.slice(0, upn.lastIndexOf('@')) === caller.userName)
  );
}

/** The Resource of a NoPermission message: what RAM would have authorized the call against. */
function refusedResource(product: Product, ctx: ActionContext, accountId: string): string {
  if (product.authorization !== 'ram') return `acs:${product.authorization}:*:${accountId}:*`;
  const upn = ctx.param('UserPrincipalName');
  const user = ctx.param('UserName') ?? (upn && upn.slice(0, upn.lastIndexOf('@')));
  const group = ctx.param('GroupName');
  const policy = ctx.param('PolicyName');
  const target = user
    ? `user/${user}`
    : group
      ? `group/${group}`
      : policy
        ? `policy/${policy}`
        : ctx.param('UserAccessKeyId') !== undefined || ctx.param('Status') !== undefined
          ? `user/${ctx.caller.userName}`
          : '*';
  return `acs:ram:*:${accountId}:${target}`;
}

const firstValue = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Query plus form-body parameters; V1 signs both and handlers read both. */
function collectParams(req: FastifyRequest, query: Params): Params {
  const body = req.body;
  const type = req.headers['content-type'];
  if (
    !Buffer.isBuffer(body) ||
    body.length === 0 ||
    !type?.startsWith('application/x-www-form-urlencoded')
  ) {
    return query;
  }
  const params: Params = { ...query };
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
    const prev = params[name];
    params[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  return params;
}

/**
 * Builds the emulator as a Fastify app. It never listens: the CLI (or a test) calls `listen`.
 * Decorated with `emulator` (root credentials, account ID).
 */
export async function buildEmulator(options: EmulatorOptions = {}): Promise<FastifyInstance> {
  const now = options.now ?? (() => new Date());
  const clock = new BusinessClock(now);
  const store = new Store(options.dbPath);

  let accountId = store.getMeta('account_id');
  if (!accountId) {
    accountId = newNumericId();
    store.setMeta('account_id', accountId);
  }
  const accountAlias = options.accountAlias ?? store.getMeta(ACCOUNT_ALIAS_META) ?? DEFAULT_ALIAS;
  store.setMeta(ACCOUNT_ALIAS_META, accountAlias);
  const root = rootCredentialsFor(store, options, now());

  const settings: EmulatorSettings = {
    accountId,
    accountAlias,
    maxUsers: options.maxUsers ?? 1000,
    smsFlowControl: options.smsFlowControl ?? true,
    now: () => clock.now(),
    realNow: now,
  };
  const account = new AccountSettings(store);
  const auth = new Authenticator(store, now, clock, account);
  const maintenance = new DailyMaintenance(store, account);
  const faults = new FaultPlan();

  // Logs carry method, URL and status only; the redaction is a second line of defence should a
  // secret ever reach a logged object (the emulator must never log AccessKey secrets).
  const app = Fastify({
    logger: options.logger ? { redact: { paths: SECRET_LOG_PATHS, censor: '[redacted]' } } : false,
  });
  app.decorate('emulator', {
    rootCredentials: root.credentials,
    generatedRootCredentials: root.generated,
    accountId,
  } satisfies EmulatorHandle);
  app.decorateRequest('ram', null);
  app.addHook('onClose', async () => store.close());

  // Keep every body as raw bytes: V3 signs the SHA-256 of exactly what was sent.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((error, req, reply) => {
    const state = req.ram ?? {
      requestId: newRequestId(),
      product: undefined,
      action: '',
      format: 'json' as const,
    };
    let ramError: RamError;
    if (error instanceof RamError) {
      ramError = error;
    } else if (
      typeof (error as { statusCode?: unknown }).statusCode === 'number' &&
      (error as { statusCode: number }).statusCode < 500
    ) {
      // Fastify's own client errors (body too large, bad encoding): a generic RAM 400.
      ramError = new RamError('InvalidParameter', 400, 'The request is not valid.');
    } else {
      req.log.error({ err: error, action: state.action }, 'emulator internal error');
      ramError = new InternalError();
    }
    const host = state.product?.host ?? 'ram.aliyuncs.com';
    const body = errorBody(ramError, state.requestId, host, state.product?.code ?? 'Ram');
    const xmlRoot = ramError.statusCode === 200 ? `${state.action}Response` : 'Error';
    sendBody(reply, ramError.statusCode, state.format, xmlRoot, body);
  });

  app.setNotFoundHandler((req) => {
    req.ram = { requestId: newRequestId(), product: undefined, action: '', format: 'json' };
    throw new InvalidApiNotFound();
  });

  async function rpc(req: FastifyRequest, reply: FastifyReply) {
    const state: RequestState = {
      requestId: newRequestId(),
      product: undefined,
      action: '',
      format: 'json',
    };
    req.ram = state;
    const query = (req.query ?? {}) as Params;
    const params = collectParams(req, query);
    const v3 = req.headers.authorization !== undefined;

    // Route: V3 names the action in headers only; V1 in parameters.
    // Only from what the signature covers: V1 does not sign headers, so its x-acs-action and
    // x-acs-version (which the SDK also sends) are ignored, or a signed call could be redirected.
    const version = firstValue(v3 ? req.headers['x-acs-version'] : params.Version);
    const action = firstValue(v3 ? req.headers['x-acs-action'] : params.Action);
    if (!v3) {
      // V1 documents XML as the default Format; the SDK always asks for `json` (any case).
      const format = firstValue(params.Format)?.toLowerCase();
      if (format === undefined || format === 'xml') state.format = 'xml';
    }
    if (!version) throw new MissingCommonParameter('Version');
    const product = PRODUCTS[version];
    if (!product) throw new InvalidVersion();
    state.product = product;
    if (!action) throw new MissingCommonParameter('Action');
    const def = Object.hasOwn(product.actions, action) ? product.actions[action] : undefined;
    if (!def) throw new InvalidActionNotFound();
    state.action = action;

    const sourceIp = displayIp(req.socket.remoteAddress);
    maintenance.tick(clock.now());
    const caller = auth.authenticate({
      method: req.method,
      path: req.url.split('?', 1)[0]!,
      headers: req.headers,
      headersDistinct: () => req.raw.headersDistinct as Record<string, string[]>,
      query,
      params,
      rawBody: Buffer.isBuffer(req.body) ? req.body : undefined,
      sourceIp,
      service: product.code,
    });

    const fault = faults.take(action);
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.kind === 'status500') throw new InternalError();
    if (fault?.kind === 'status503') throw new ServiceUnavailable();
    if (fault?.kind === 'throttling') {
      // `delayMs` is the wait RAM suggests, in the header the SDK reads (milliseconds).
      reply.header('x-acs-retry-after', String(fault.delayMs));
      throw new ThrottlingUser();
    }

    const ctx: ActionContext = {
      param: (name) => {
        const value = firstValue(params[name]);
        return value === '' ? undefined : value;
      },
      sent: (name) => firstValue(params[name]),
      caller,
      sourceIp,
      store,
      account,
      settings,
    };
    if (!allowed(def, caller, ctx)) {
      throw new NoPermission(
        refusedResource(product, ctx, settings.accountId),
        `${product.authorization}:${action}`,
      );
    }
    const result = def.handler(ctx);

    if (fault?.kind === 'dropAfterCommit') {
      // The change is committed; the caller never learns it (timeouts, resets on create: issue 3).
      reply.hijack();
      req.raw.socket.destroy();
      return;
    }
    sendBody(reply, 200, state.format, `${action}Response`, {
      RequestId: state.requestId,
      ...result,
    });
  }

  app.route({ method: ['GET', 'POST'], url: '/', handler: rpc });

  await app.register(registerTestHooks, {
    prefix: '/__emulator',
    store,
    faults,
    clock,
    maintenance,
    resetState: () => {
      store.reset(root.credentials.accessKeyId, ACCOUNT_SETTING_KEYS);
      store.setMeta(ACCOUNT_ALIAS_META, accountAlias);
      settings.accountAlias = accountAlias;
      account.reload();
      auth.nonces.clear();
      faults.clear();
      clock.reset();
      maintenance.forget();
    },
  });

  return app;
}
