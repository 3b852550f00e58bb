import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsoleErrorCode, OIDC_CALLBACK_PATH } from '@ram-console/contracts';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Db } from './db/index.js';
import { ApiHttpError } from './errors.js';
import { systemClock, type Clock, type MovableClock } from './lib/clock.js';
import { loadServerKey, serverSecretOf } from './lib/crypto.js';
import { createLogger } from './logger.js';
import { createAccessKeyService } from './plugins/app/access-keys.js';
import { createAuditService } from './plugins/app/audit.js';
import { createChangeFeed } from './plugins/app/change-feed.js';
import { refuseApiRoutesOutsideScope } from './plugins/app/auth.js';
import { createNetworkPolicyService } from './plugins/app/network-policies.js';
import { createPendingActions } from './plugins/app/pending-actions.js';
import { createLifecycle } from './plugins/app/lifecycle.js';
import { publishAssets } from './plugins/app/shared-assets.js';
import { createOperatorService } from './plugins/app/operators.js';
import { createPhoneChangeService } from './plugins/app/phone-change.js';
import { createRecycleBinService } from './plugins/app/recycle-bin.js';
import { createSecurityPreferencesService } from './plugins/app/security-preferences.js';
import { createSsoService } from './plugins/app/oidc.js';
import { createOidcClient } from './plugins/app/oidc-client.js';
import { clientSecretOf } from './plugins/app/oidc-settings.js';
import { createOidcTransactionStore } from './plugins/app/oidc-transactions.js';
import { createPublicOrigin, registerHostCheck } from './plugins/app/public-origin.js';
import { createRotationService } from './plugins/app/rotations.js';
import type { RamGateway } from './plugins/app/ram-gateway.js';
import { createSessionService } from './plugins/app/sessions.js';
import { createSignInThrottle } from './plugins/app/sign-in-throttle.js';
import type { SmsSender } from './plugins/app/sms.js';
import { createVerificationService } from './plugins/app/verification.js';
import { registerCookie } from './plugins/external/cookie.js';
import { registerHelmet } from './plugins/external/helmet.js';
import { registerRateLimit } from './plugins/external/rate-limit.js';
import { registerStatic } from './plugins/external/static.js';
import { registerSwagger } from './plugins/external/swagger.js';
import apiRoutes from './routes/api/index.js';
import type { Services } from './types.js';

export type { Services } from './types.js';

export interface AppOptions {
  config: Pick<
    Config,
    | 'mode'
    | 'session'
    | 'publicUrl'
    | 'trustProxy'
    | 'dataDir'
    | 'logLevel'
    | 'keyPolicy'
    | 'rotationGraceMinutes'
    | 'stepUpWindowMinutes'
    | 'oidc'
    | 'localLogin'
    | 'flow'
  > &
    Partial<Pick<Config, 'sharedAssetsDir'>>;
  ram: RamGateway;
  sms: SmsSender;
  /** Embedded mode: base URL of the in-process emulator (its loopback inbox hook). */
  emulatorUrl?: string | undefined;
  /** The AccessKey ID the console signs with, protected from disable/delete. */
  consoleAccessKeyId?: string | undefined;
  now?: Clock;
  /**
   * A server started for tests (CONSOLE_TEST_HOOKS=true, embedded mode): its clock, which the
   * loopback-only `POST /api/__test/clock` moves forward. Without it that route does not exist.
   */
  testClock?: MovableClock | undefined;
  /** Where structured logs go (default stdout); tests capture them. */
  logStream?: DestinationStream;
  /** Built SPA; served when the folder exists. */
  webRoot?: string;
  /** Per-IP limits; tests raise them. */
  rateLimits?: { loginPerMinutePerIp?: number; codeRoutesPerMinutePerIp?: number };
  /** Use this database instead of DATA_DIR/console.db. */
  db?: Db;
  /** The key verification codes are MACed with; default DATA_DIR/console-secret.key. */
  codeKey?: Buffer;
}

export const defaultWebRoot = fileURLToPath(new URL('../../web/dist/', import.meta.url));
export const BODY_LIMIT_BYTES = 16 * 1024;

/** Builds the console API; never listens (server.ts does). */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const now = opts.testClock?.now ?? opts.now ?? systemClock;
  const app = Fastify({
    loggerInstance: createLogger({
      level: opts.config.logLevel,
      ...(opts.logStream ? { stream: opts.logStream } : {}),
    }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: opts.config.trustProxy,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Router-level rejections (bad URL encoding, over-long parameters) in the console's shape.
    frameworkErrors: (error, request, reply) => {
      // Typed for a route's schema, which a router-level error does not have.
      const plain = reply as unknown as { code(status: number): { send(body: unknown): unknown } };
      plain.code(400).send({
        code: ConsoleErrorCode.ValidationFailed,
        message: error.message.slice(0, 200),
        requestId: request.id,
      });
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const db = opts.db ?? (await openDatabase(join(opts.config.dataDir, 'console.db')));
  if (!opts.db) app.addHook('onClose', async () => db.destroy());

  const audit = createAuditService(db, now);
  const verification = createVerificationService({
    db,
    now,
    sms: opts.sms,
    codeKey:
      opts.codeKey ??
      loadServerKey({ dataDir: opts.config.dataDir, secretKey: serverSecretOf(opts.config) }),
    stepUpWindowMinutes: opts.config.stepUpWindowMinutes,
    audit,
  });
  const accountInfo = () => opts.ram.accountInfo();
  // The idle days feed the key tables' flag; the service itself needs accessKeys' ticket and audit.
  const pending = createPendingActions({ db, audit, ram: opts.ram, log: app.log });
  const accessKeys = createAccessKeyService({
    db,
    now,
    ram: opts.ram,
    audit,
    verification,
    accountAlias: async () => (await accountInfo()).accountAlias,
    policy: opts.config.keyPolicy,
    consoleAccessKeyId: opts.consoleAccessKeyId,
    log: app.log,
    maxIdleDays: () => securityPreferences.maxIdleDays(),
    pending,
  });
  const securityPreferences = createSecurityPreferencesService({
    ims: opts.ram.ims,
    now,
    accessKeys,
  });
  const operators = createOperatorService(db, now);
  const phoneChange = createPhoneChangeService({
    db,
    operators,
    verification,
    sms: opts.sms,
    audit,
    log: app.log,
  });
  const publicOrigin = createPublicOrigin(opts.config.publicUrl);
  const sessions = createSessionService(db, now, opts.config.session);
  const services: Services = {
    // Copied field by field: the config object also holds credentials and the first admin's
    // password, which nothing after start-up needs (and nothing reachable from the app may hold).
    config: {
      mode: opts.config.mode,
      session: { ...opts.config.session },
      keyPolicy: { ...opts.config.keyPolicy },
      rotationGraceMinutes: opts.config.rotationGraceMinutes,
      stepUpWindowMinutes: opts.config.stepUpWindowMinutes,
      localLogin: opts.config.localLogin,
      flow: opts.config.flow,
    },
    publicOrigin,
    db,
    now,
    operators,
    sessions,
    signInThrottle: createSignInThrottle(db, now),
    sms: opts.sms,
    verification,
    phoneChange,
    audit,
    ram: opts.ram,
    accessKeys,
    rotations: createRotationService({
      db,
      now,
      accessKeys,
      graceMinutes: opts.config.rotationGraceMinutes,
    }),
    account: accountInfo,
    securityPreferences,
    networkPolicies: createNetworkPolicyService({
      ram: opts.ram,
      accessKeys,
      consoleAccessKeyId: opts.consoleAccessKeyId,
    }),
    recycleBin: createRecycleBinService({ db, ram: opts.ram, accessKeys }),
    demoInbox: opts.emulatorUrl ? emulatorInbox(opts.emulatorUrl) : null,
    // SSO (OIDC_ISSUER set): the client secret goes from beside the config straight to the client.
    sso: opts.config.oidc
      ? createSsoService({
          client: createOidcClient(opts.config.oidc, clientSecretOf(opts.config)),
          transactions: createOidcTransactionStore(db, now),
          db,
          now,
          ram: opts.ram,
          audit,
          sessions,
          // PUBLIC_URL's origin (learned at listen when it is the listen address).
          redirectUri: () => `${publicOrigin.origin}${OIDC_CALLBACK_PATH}`,
          log: app.log,
        })
      : null,
    lifecycle: createLifecycle(),
    changes: createChangeFeed(db, app.log),
    pending,
  };
  app.decorate('services', services);
  app.addHook('onClose', async () => services.changes.close());
  // Heartbeat, and the unfinished verified actions of instances that stopped (pending-actions.ts).
  pending.start();
  app.addHook('onClose', async () => pending.stop());

  app.setErrorHandler(errorHandler);
  // Graceful shutdown with keep-alive clients (every browser): Fastify closes the connections that
  // are idle when close() starts, but a connection busy with a request then stays open after its
  // answer and close() never resolves. Once closing, answer with `Connection: close` so Node ends
  // each such socket as soon as its last answer is written.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  refuseApiRoutesOutsideScope(app);
  await registerHelmet(app);
  registerHostCheck(app, publicOrigin);
  await registerCookie(app);
  await registerRateLimit(app);
  await registerSwagger(app);
  // Every /api route, with access decided on the matched route (routes/api/index.ts).
  await app.register(apiRoutes, {
    loginPerMinutePerIp: opts.rateLimits?.loginPerMinutePerIp ?? 20,
    codeRoutesPerMinutePerIp: opts.rateLimits?.codeRoutesPerMinutePerIp ?? 30,
    testClock: opts.testClock,
  });
  const webRoot = opts.webRoot ?? defaultWebRoot;
  const shared = opts.config.sharedAssetsDir;
  if (shared) publishAssets(webRoot, shared);
  await registerStatic(app, webRoot, shared);
  return app;
}

/** One error path: known errors keep their message; anything unexpected is a bare 500. */
function errorHandler(
  this: FastifyInstance,
  error: FastifyError,
  request: Parameters<Parameters<FastifyInstance['setErrorHandler']>[0]>[1],
  reply: Parameters<Parameters<FastifyInstance['setErrorHandler']>[0]>[2],
) {
  const requestId = request.id;
  // No error answer is worth keeping in a cache, /api or not (the Host check answers every path).
  reply.header('cache-control', 'no-store');
  if (error instanceof ApiHttpError) {
    const { headers, ...extra } = error.extra;
    if (headers) reply.headers(headers);
    if (error.statusCode >= 500) request.log.warn({ code: error.code }, 'upstream failure');
    return reply
      .code(error.statusCode)
      .send({ code: error.code, message: error.message, requestId, ...extra });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.flatMap((v) => {
      const at = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      // A strict body's unknown keys: one issue per key, named by the key (e.g. `phone` on the
      // operator PATCH, which has its own route now).
      const unknown = (v.params as { keys?: unknown } | undefined)?.keys;
      if (v.keyword === 'unrecognized_keys' && Array.isArray(unknown) && unknown.length) {
        return unknown.map((k) => ({
          path: at ? `${at}.${String(k)}` : String(k),
          message: `Unknown field ${String(k)}`,
        }));
      }
      return [
        { path: at || (error.validationContext ?? ''), message: v.message ?? 'Invalid value' },
      ];
    });
    const first = issues[0];
    return reply.code(400).send({
      code: ConsoleErrorCode.ValidationFailed,
      message: first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'Invalid request',
      requestId,
      issues,
    });
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors: bad JSON, empty body, too large, wrong content type.
    const code =
      status === 413
        ? ConsoleErrorCode.PayloadTooLarge
        : status === 415
          ? ConsoleErrorCode.UnsupportedMediaType
          : status === 429
            ? ConsoleErrorCode.RateLimited
            : ConsoleErrorCode.ValidationFailed;
    return reply.code(status).send({ code, message: error.message, requestId });
  }
  request.log.error({ err: error }, 'unexpected error');
  return reply.code(500).send({
    code: ConsoleErrorCode.InternalError,
    message: 'Something went wrong; the request id identifies it in the server log',
    requestId,
  });
}

function emulatorInbox(baseUrl: string) {
  return async (phone: string) => {
    const url = new URL('/__emulator/sms', baseUrl);
    url.searchParams.set('phone', phone.replace(/^\+/, ''));
    const res = await fetch(url);
    if (!res.ok) {
      throw new ApiHttpError(
        502,
        ConsoleErrorCode.RamUnavailable,
        'The emulator inbox did not answer',
      );
    }
    const body = (await res.json()) as {
      messages?: { phone?: string; templateParam?: { code?: string }; sentAt?: string }[];
    };
    // Codes only: a notice (the phone-changed one) has none.
    return (body.messages ?? [])
      .filter((m) => m.templateParam?.code)
      .map((m) => ({
        phone: m.phone ?? phone,
        code: m.templateParam?.code ?? '',
        sentAt: m.sentAt ?? '',
      }));
  };
}
