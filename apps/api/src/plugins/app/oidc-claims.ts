import {
  OperatorUsername,
  Phone,
  RamUserName,
  type ConsoleErrorCode,
  type SsoProblem,
} from '@ram-console/contracts';
import type { OidcSettings } from './oidc-settings.js';

/** What the provider's claims give a person in the console, decided at every SSO sign-in. */
export type AccessDecision =
  | { granted: true; role: 'admin'; ramUserName: null }
  | { granted: true; role: 'member'; ramUserName: string }
  | {
      granted: false;
      problem: Extract<SsoProblem, 'no_access' | 'groups_overage' | 'ram_user_claim_missing'>;
      auditCode: ConsoleErrorCode;
    };

/**
 * A claim by name: the top-level claim of that exact name first (names such as
 * `https://example.com/groups` contain dots), else a dotted path into nested objects
 * (`realm_access.roles` in Keycloak).
 */
export function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    if (!Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The person's groups: a list of strings (a single string counts as one group). */
export function groupsOf(claims: Record<string, unknown>, claimName: string): string[] {
  const value = claimAt(claims, claimName);
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  return [];
}

/**
 * Microsoft Entra ID sends `_claim_names.groups` instead of the list when a person is in more
 * groups than fit in a token: the groups cannot be read from the token at all.
 */
function groupsOverage(claims: Record<string, unknown>, claimName: string): boolean {
  const names = claims._claim_names;
  return (
    claimAt(claims, claimName) === undefined &&
    !!names &&
    typeof names === 'object' &&
    Object.hasOwn(names, claimName)
  );
}

export function decideAccess(
  claims: Record<string, unknown>,
  settings: Pick<OidcSettings, 'groupsClaim' | 'adminGroups' | 'memberGroups' | 'ramUserClaim'>,
): AccessDecision {
  if (groupsOverage(claims, settings.groupsClaim)) {
    return { granted: false, problem: 'groups_overage', auditCode: 'SsoGroupsOverage' };
  }
  const groups = new Set(groupsOf(claims, settings.groupsClaim));
  if (settings.adminGroups.some((g) => groups.has(g))) {
    return { granted: true, role: 'admin', ramUserName: null };
  }
  if (!settings.memberGroups.some((g) => groups.has(g))) {
    return { granted: false, problem: 'no_access', auditCode: 'SsoNoAccess' };
  }
  const ramUser = claimAt(claims, settings.ramUserClaim);
  const parsed = RamUserName.safeParse(ramUser);
  if (!parsed.success) {
    return {
      granted: false,
      problem: 'ram_user_claim_missing',
      auditCode: ramUser === undefined ? 'SsoRamUserClaimMissing' : 'SsoRamUserClaimInvalid',
    };
  }
  return { granted: true, role: 'member', ramUserName: parsed.data };
}

/**
 * The phone for verification codes: `phone_number` only when the provider says it verified it
 * (`phone_number_verified: true`), in the console's digits-only form; otherwise none.
 */
export function verifiedPhoneOf(claims: Record<string, unknown>): string | null {
  if (claims.phone_number_verified !== true || typeof claims.phone_number !== 'string') return null;
  // E.164 as the spec recommends, with the separators people type; an extension is not a phone.
  if (/;ext=|[a-z]/i.test(claims.phone_number)) return null;
  const compact = claims.phone_number.replace(/[\s().-]/g, '');
  return Phone.safeParse(compact).success ? compact : null;
}

/**
 * A readable operator name for a new SSO operator: from preferred_username, the e-mail's local
 * part or the name, folded to the console's username rules. Only a label: the operator is found
 * by (issuer, subject), never by this name, so a clash just takes the next free suffix.
 */
export function usernameBase(claims: Record<string, unknown>): string {
  const email = typeof claims.email === 'string' ? claims.email.split('@')[0] : undefined;
  for (const candidate of [claims.preferred_username, email, claims.name]) {
    if (typeof candidate !== 'string') continue;
    const folded = candidate
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .replace(/[-.]+$/, '')
      .slice(0, 56);
    if (OperatorUsername.safeParse(folded).success) return folded;
  }
  return 'sso-user';
}
