import { z } from 'zod';
import { isLoopbackHostname } from '../../lib/net.js';

/**
 * The OIDC_* and LOCAL_LOGIN settings (config.ts spreads `oidcEnvShape` into its schema and calls
 * `checkOidcEnv` from its refinement). The client secret never enters the Config object: config.ts
 * hands it to `keepClientSecret`, and only the OIDC client reads it back (`clientSecretOf`), so a
 * logged, serialised or inspected config cannot show it.
 */

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = z.preprocess(emptyToUndefined, z.string().trim().min(1).optional());
const withDefault = (value: string) =>
  z.preprocess(emptyToUndefined, z.string().trim().min(1).default(value));

export const DEFAULT_OIDC_SCOPES = 'openid profile email phone';

export const oidcEnvShape = {
  OIDC_ISSUER: optional,
  OIDC_CLIENT_ID: optional,
  OIDC_CLIENT_SECRET: optional,
  OIDC_SCOPES: withDefault(DEFAULT_OIDC_SCOPES),
  OIDC_GROUPS_CLAIM: withDefault('groups'),
  OIDC_ADMIN_GROUPS: optional,
  OIDC_MEMBER_GROUPS: optional,
  OIDC_RAM_USER_CLAIM: withDefault('preferred_username'),
  LOCAL_LOGIN: z.preprocess(
    emptyToUndefined,
    z
      .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
      .default('true')
      .transform((v) => v === 'true' || v === '1'),
  ),
};

type OidcEnv = z.output<z.ZodObject<typeof oidcEnvShape>>;

export interface OidcSettings {
  /** Exactly as configured: discovery checks the provider's `issuer` against it. */
  issuer: string;
  clientId: string;
  scopes: string[];
  groupsClaim: string;
  adminGroups: string[];
  memberGroups: string[];
  ramUserClaim: string;
  /** Plain http, accepted only for an issuer on loopback (the tests' provider). */
  insecureLoopback: boolean;
}

const groupList = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);

interface IssueSink {
  addIssue(issue: { code: 'custom'; path: string[]; message: string }): void;
}

/** Problems with the OIDC settings, as the config's refinement reports them. */
export function checkOidcEnv(env: OidcEnv, ctx: IssueSink): void {
  const problem = (key: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [key], message });
  if (!env.OIDC_ISSUER) {
    for (const key of [
      'OIDC_CLIENT_ID',
      'OIDC_CLIENT_SECRET',
      'OIDC_ADMIN_GROUPS',
      'OIDC_MEMBER_GROUPS',
    ] as const) {
      if (env[key]) problem(key, 'is set but OIDC_ISSUER is not: set OIDC_ISSUER to turn SSO on');
    }
    if (!env.LOCAL_LOGIN) {
      problem(
        'LOCAL_LOGIN',
        'false needs SSO (OIDC_ISSUER): without either nobody but break-glass admins could sign in',
      );
    }
    return;
  }
  const issuer = issuerProblem(env.OIDC_ISSUER);
  if (issuer) problem('OIDC_ISSUER', issuer);
  if (!env.OIDC_CLIENT_ID) problem('OIDC_CLIENT_ID', 'required when OIDC_ISSUER is set');
  if (!env.OIDC_SCOPES.split(/\s+/).includes('openid')) {
    problem('OIDC_SCOPES', 'must include openid (space-separated, e.g. "openid profile email")');
  }
  const admins = groupList(env.OIDC_ADMIN_GROUPS);
  const members = groupList(env.OIDC_MEMBER_GROUPS);
  if (admins.length + members.length === 0) {
    problem(
      'OIDC_ADMIN_GROUPS',
      'set OIDC_ADMIN_GROUPS and/or OIDC_MEMBER_GROUPS (comma-separated group names or IDs): without them nobody gets access',
    );
  }
  const both = admins.filter((g) => members.includes(g));
  if (both.length) {
    problem(
      'OIDC_MEMBER_GROUPS',
      `${both.join(', ')} also in OIDC_ADMIN_GROUPS: a group gives one role`,
    );
  }
}

function issuerProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be the provider's issuer URL, e.g. https://idp.example.com/realms/corp";
  }
  if (url.username || url.password || url.search || url.hash) {
    return 'must be the issuer URL only (no credentials, query or fragment)';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHostname(url.hostname)) return null;
  if (url.protocol === 'http:') {
    return 'must use https:// (plain http is accepted only for a provider on loopback)';
  }
  return 'must start with https://';
}

export function oidcSettingsOf(env: OidcEnv): OidcSettings | null {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID) return null;
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    scopes: env.OIDC_SCOPES.split(/\s+/).filter(Boolean),
    groupsClaim: env.OIDC_GROUPS_CLAIM,
    adminGroups: groupList(env.OIDC_ADMIN_GROUPS),
    memberGroups: groupList(env.OIDC_MEMBER_GROUPS),
    ramUserClaim: env.OIDC_RAM_USER_CLAIM,
    insecureLoopback: new URL(env.OIDC_ISSUER).protocol === 'http:',
  };
}

const clientSecrets = new WeakMap<object, string>();

/** Keeps OIDC_CLIENT_SECRET beside the config object, not in it. */
export function keepClientSecret(config: object, secret: string | undefined): void {
  if (secret) clientSecrets.set(config, secret);
}

/** The client secret kept for this config (undefined: a public client, PKCE only). */
export function clientSecretOf(config: object): string | undefined {
  return clientSecrets.get(config);
}
