import { resolve } from 'node:path';
import { z } from 'zod';
import { parseEndpoint } from './lib/alicloud.js';
import { INSECURE_TEST_HASHING_ENV, keepServerSecret } from './lib/crypto.js';
import { isLoopbackHostname, parsePublicUrl, parseTrustProxy } from './lib/net.js';
import {
  checkOidcEnv,
  keepClientSecret,
  oidcEnvShape,
  oidcSettingsOf,
  type OidcSettings,
} from './plugins/app/oidc-settings.js';

/**
 * Every setting comes from the environment, validated once here (STYLE.md habit 6). Branch on
 * these explicit values, never on NODE_ENV. `.env.example` at the repo root documents each one.
 */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().min(1).optional());

const EnvSchema = z
  .object({
    HOST: z.preprocess(emptyToUndefined, z.string().min(1).default('127.0.0.1')),
    PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(8080)),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().min(1).default('./data')),
    RAM_ENDPOINT: optionalString,
    ACTIONTRAIL_ENDPOINT: optionalString,
    ALIBABA_CLOUD_ACCESS_KEY_ID: optionalString,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: optionalString,
    SMS_PROVIDER: z.preprocess(emptyToUndefined, z.enum(['emulator', 'aliyun', 'log']).optional()),
    SMS_SIGN_NAME: optionalString,
    SMS_TEMPLATE_CODE: optionalString,
    /** The template of the "your console phone was changed" notice to an operator's old number. */
    SMS_NOTICE_TEMPLATE_CODE: optionalString,
    SMS_ENDPOINT: optionalString,
    /**
     * The key verification codes are MACed with (at least 32 characters, the same on every
     * instance); unset → DATA_DIR/console-secret.key, created 0600 on first start.
     */
    CONSOLE_SECRET_KEY: z.preprocess(
      emptyToUndefined,
      z.string().min(32, 'must be at least 32 characters').optional(),
    ),
    CONSOLE_ADMIN_USERNAME: optionalString,
    CONSOLE_ADMIN_PASSWORD: z.preprocess(
      emptyToUndefined,
      z.string().min(12, 'must be at least 12 characters').optional(),
    ),
    CONSOLE_ADMIN_PHONE: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .regex(/^\+?[0-9]{7,15}$/, 'must be 7–15 digits with an optional leading +')
        .optional(),
    ),
    SESSION_TTL_MINUTES: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .default(30),
    ),
    SESSION_ABSOLUTE_HOURS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .int()
        .min(1)
        .max(7 * 24)
        .default(12),
    ),
    PUBLIC_URL: optionalString,
    TRUST_PROXY: z.preprocess(emptyToUndefined, z.string().default('false')),
    UNUSED_FOR_DAYS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int().min(1).max(36500).default(90),
    ),
    OLDER_THAN_DAYS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int().min(1).max(36500).default(90),
    ),
    KEY_MAX_AGE_DAYS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int().min(1).max(36500).optional(),
    ),
    ROTATION_GRACE_MINUTES: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .int()
        .min(0)
        .max(30 * 24 * 60)
        .default(24 * 60),
    ),
    RAM_MAX_CONCURRENT_CALLS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int().min(1).max(256).default(16),
    ),
    LAST_USED_CACHE_SECONDS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int().min(0).max(3600).default(15),
    ),
    STEP_UP_WINDOW_MINUTES: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int().min(0).max(60).default(0),
    ),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    // SSO (OpenID Connect) and LOCAL_LOGIN: plugins/app/oidc-settings.ts.
    ...oidcEnvShape,
    // Read by lib/crypto.ts from the process environment; validated here (see there).
    INSECURE_TEST_PASSWORD_HASHING: z.string().optional(),
    CONSOLE_FLOW: z.preprocess(
      emptyToUndefined,
      z.enum(['security-tips', 'note', 'current']).default('security-tips'),
    ),
    CONSOLE_TEST_HOOKS: z.preprocess(
      emptyToUndefined,
      z
        .enum(['true', 'false'])
        .default('false')
        .transform((v) => v === 'true'),
    ),
    // Several instances (issue 10): the shared database, drain on SIGTERM.
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .regex(/^postgres(ql)?:\/\/\S+$/i, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    DATABASE_POOL_SIZE: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int().min(2).max(200).default(10),
    ),
    ALLOW_EMBEDDED_WITH_DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .enum(['true', 'false', '1', '0'])
        .default('false')
        .transform((v) => v === 'true' || v === '1'),
    ),
    SHUTDOWN_GRACE_SECONDS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().min(0).max(600).default(35),
    ),
    SHARED_ASSETS_DIR: optionalString,
  })
  .superRefine((env, ctx) => {
    checkOidcEnv(env, ctx);
    const embedded = !env.RAM_ENDPOINT;
    const sms = env.SMS_PROVIDER ?? (embedded ? 'emulator' : 'aliyun');
    if (sms === 'emulator' && !embedded) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMS_PROVIDER'],
        message: '"emulator" works only in embedded mode (RAM_ENDPOINT unset); use aliyun or log',
      });
    }
    if (sms === 'aliyun') {
      for (const key of [
        'SMS_SIGN_NAME',
        'SMS_TEMPLATE_CODE',
        'SMS_NOTICE_TEMPLATE_CODE',
      ] as const) {
        if (!env[key]) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'required when SMS_PROVIDER=aliyun',
          });
        }
      }
    }
    if (sms === 'log' && !embedded && !isLoopbackEndpoint(env.RAM_ENDPOINT)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMS_PROVIDER'],
        message:
          '"log" writes verification codes where log collectors read them: only for a RAM_ENDPOINT on loopback (a local emulator); use aliyun',
      });
    }
    for (const key of ['RAM_ENDPOINT', 'SMS_ENDPOINT', 'ACTIONTRAIL_ENDPOINT'] as const) {
      const value = env[key];
      if (value && parseEndpoint(value).protocol === 'http' && !isLoopbackEndpoint(value)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'plain http is allowed only on loopback; use https:// (or a bare host name)',
        });
      }
    }
    const publicUrl = publicUrlOf(env);
    if ('problem' in publicUrl) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: publicUrl.problem });
    }
    const trust = parseTrustProxy(env.TRUST_PROXY);
    if ('problem' in trust) {
      ctx.addIssue({ code: 'custom', path: ['TRUST_PROXY'], message: trust.problem });
    }
    if (
      env.INSECURE_TEST_PASSWORD_HASHING === '1' &&
      !embedded &&
      !isLoopbackEndpoint(env.RAM_ENDPOINT)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: [INSECURE_TEST_HASHING_ENV],
        message:
          'cheap password hashing is for the test suites: only with the embedded emulator or a RAM_ENDPOINT on loopback; unset it',
      });
    }
    if (env.CONSOLE_TEST_HOOKS && !embedded) {
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_TEST_HOOKS'],
        message:
          'test hooks exist only in embedded mode (RAM_ENDPOINT unset): never against real RAM',
      });
    }
    // The test channel trusts a loopback peer. Behind a proxy every request arrives from one, and
    // a console served beyond this machine has no business with a movable clock.
    const proxied = 'trust' in trust && trust.trust !== false;
    const servedBeyondLoopback =
      'origin' in publicUrl && !isLoopbackHostname(new URL(publicUrl.origin).hostname);
    if (env.CONSOLE_TEST_HOOKS && (proxied || servedBeyondLoopback)) {
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_TEST_HOOKS'],
        message:
          'test hooks are for a console on this machine only: not with TRUST_PROXY or a PUBLIC_URL beyond loopback (a proxy makes every request look local)',
      });
    }
    if (env.DATABASE_URL && embedded && !env.ALLOW_EMBEDDED_WITH_DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message:
          'PostgreSQL is for several instances sharing one RAM account, but RAM_ENDPOINT is unset: each instance would run its own embedded emulator (a different RAM per instance). Set RAM_ENDPOINT, or unset DATABASE_URL to use DATA_DIR/console.db (ALLOW_EMBEDDED_WITH_DATABASE_URL=true allows it for tests)',
      });
    }
    if (!!env.ALIBABA_CLOUD_ACCESS_KEY_ID !== !!env.ALIBABA_CLOUD_ACCESS_KEY_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
        message:
          'set both ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or neither',
      });
    }
  });

/** Whether an endpoint setting (`host[:port]` or `scheme://host[:port]`) names this machine. */
function isLoopbackEndpoint(value: string | undefined): boolean {
  if (!value) return false;
  const { host } = parseEndpoint(value);
  try {
    return isLoopbackHostname(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}

/**
 * PUBLIC_URL, or by default the listen address (then HOST must be loopback: a console reachable
 * from elsewhere must be told the https address people use).
 */
function publicUrlOf(env: {
  PUBLIC_URL?: string | undefined;
  HOST: string;
  PORT: number;
}): { origin: string; fromListenAddress: boolean } | { problem: string } {
  if (env.PUBLIC_URL) {
    const parsed = parsePublicUrl(env.PUBLIC_URL);
    return 'problem' in parsed ? parsed : { origin: parsed.origin, fromListenAddress: false };
  }
  if (!isLoopbackHostname(env.HOST)) {
    return {
      problem: `required when HOST (${env.HOST}) is not a loopback address: the https:// address operators use, e.g. https://console.example.com`,
    };
  }
  const host = env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  const parsed = parsePublicUrl(`http://${host}:${env.PORT}`);
  return 'problem' in parsed ? parsed : { origin: parsed.origin, fromListenAddress: true };
}

export interface Config {
  host: string;
  port: number;
  /**
   * The origin operators use (PUBLIC_URL): the Host every request must name, the session cookie's
   * Secure flag and name. `fromListenAddress`: not configured, so the listen address (its port is
   * learned at listen when PORT=0).
   */
  publicUrl: { origin: string; fromListenAddress: boolean };
  dataDir: string;
  /** Unset → embedded emulator. */
  ramEndpoint: string | undefined;
  /**
   * ActionTrail (where a key was used) is regional: ACTIONTRAIL_ENDPOINT, default
   * actiontrail.cn-hangzhou.aliyuncs.com next to ram.aliyuncs.com, else the RAM endpoint itself.
   */
  actionTrailEndpoint: string | undefined;
  mode: 'emulator' | 'alibaba-cloud';
  /** Explicit credentials; unset → the @alicloud/credentials default chain. */
  accessKey: { accessKeyId: string; accessKeySecret: string } | undefined;
  sms: {
    provider: 'emulator' | 'aliyun' | 'log';
    signName: string;
    templateCode: string;
    /** The phone-changed notice's template. */
    noticeTemplateCode: string;
    /** Dysmsapi endpoint for SMS_PROVIDER=aliyun; default dysmsapi.aliyuncs.com. */
    endpoint: string | undefined;
  };
  firstAdmin: {
    username: string | undefined;
    password: string | undefined;
    phone: string | undefined;
  };
  session: { idleMinutes: number; absoluteHours: number };
  /** Fastify's trustProxy: false, or the proxies' addresses/CIDRs (never `true`, no hop count). */
  trustProxy: false | string[];
  logLevel: string;
  /** Key hygiene thresholds in days; maxAgeDays null = no console-side expiry. */
  keyPolicy: { unusedForDays: number; olderThanDays: number; maxAgeDays: number | null };
  /** Rotation: how long the old key stays disabled before the wizard lets it be deleted. */
  rotationGraceMinutes: number;
  /** Calls to RAM: at most this many in flight per instance; last use kept this long (0 = off). */
  ramCalls: { maxConcurrent: number; lastUsedCacheSeconds: number };
  /** SSO through the company's OpenID provider; null when OIDC_ISSUER is unset. No secret here. */
  oidc: OidcSettings | null;
  /** LOCAL_LOGIN: password sign-in for every local operator (false: break-glass admins only). */
  localLogin: boolean;
  /** Which generation of Alibaba's console the UI follows word for word (DESIGN.md "The flows"). */
  flow: 'security-tips' | 'note' | 'current';
  /**
   * A server started for tests (embedded mode only): its clock can be moved forward through the
   * loopback-only `POST /api/__test/clock`.
   */
  testHooks: boolean;
  /** 0 = off; else how long one verification covers the step-up actions of that session. */
  stepUpWindowMinutes: number;
  /** PostgreSQL (several instances); unset → SQLite in DATA_DIR/console.db. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** SIGTERM → unready, wait this long for the load balancer to notice, then drain. */
  shutdownGraceSeconds: number;
  /** Every release's hashed SPA assets, shared by the instances (rolling deploys). */
  sharedAssetsDir: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`),
    );
  }
  const e = parsed.data;
  const embedded = !e.RAM_ENDPOINT;
  const provider = e.SMS_PROVIDER ?? (embedded ? 'emulator' : 'aliyun');
  // Both were checked by the schema's refinement above.
  const publicUrl = publicUrlOf(e) as Config['publicUrl'];
  const trust = parseTrustProxy(e.TRUST_PROXY) as { trust: Config['trustProxy'] };
  const config: Config = {
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    dataDir: resolve(e.DATA_DIR),
    ramEndpoint: e.RAM_ENDPOINT,
    actionTrailEndpoint: e.ACTIONTRAIL_ENDPOINT,
    mode: embedded ? 'emulator' : 'alibaba-cloud',
    accessKey:
      e.ALIBABA_CLOUD_ACCESS_KEY_ID && e.ALIBABA_CLOUD_ACCESS_KEY_SECRET
        ? {
            accessKeyId: e.ALIBABA_CLOUD_ACCESS_KEY_ID,
            accessKeySecret: e.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
          }
        : undefined,
    sms: {
      provider,
      // The emulator accepts any approved-looking values; real mode requires both (checked above).
      signName: e.SMS_SIGN_NAME ?? 'ram-console',
      templateCode: e.SMS_TEMPLATE_CODE ?? 'SMS_000000',
      noticeTemplateCode: e.SMS_NOTICE_TEMPLATE_CODE ?? 'SMS_000001',
      endpoint: e.SMS_ENDPOINT,
    },
    firstAdmin: {
      username: e.CONSOLE_ADMIN_USERNAME,
      password: e.CONSOLE_ADMIN_PASSWORD,
      phone: e.CONSOLE_ADMIN_PHONE,
    },
    session: { idleMinutes: e.SESSION_TTL_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    trustProxy: trust.trust,
    logLevel: e.LOG_LEVEL,
    keyPolicy: {
      unusedForDays: e.UNUSED_FOR_DAYS,
      olderThanDays: e.OLDER_THAN_DAYS,
      maxAgeDays: e.KEY_MAX_AGE_DAYS ?? null,
    },
    rotationGraceMinutes: e.ROTATION_GRACE_MINUTES,
    ramCalls: {
      maxConcurrent: e.RAM_MAX_CONCURRENT_CALLS,
      lastUsedCacheSeconds: e.LAST_USED_CACHE_SECONDS,
    },
    oidc: oidcSettingsOf(e),
    localLogin: e.LOCAL_LOGIN,
    flow: e.CONSOLE_FLOW,
    testHooks: e.CONSOLE_TEST_HOOKS,
    stepUpWindowMinutes: e.STEP_UP_WINDOW_MINUTES,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    sharedAssetsDir: e.SHARED_ASSETS_DIR ? resolve(e.SHARED_ASSETS_DIR) : undefined,
  };
  keepClientSecret(config, e.OIDC_CLIENT_SECRET);
  // CONSOLE_SECRET_KEY likewise stays beside the config, never in it (lib/crypto.ts).
  keepServerSecret(config, e.CONSOLE_SECRET_KEY);
  return config;
}
