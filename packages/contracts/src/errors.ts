import { z } from 'zod';

/**
 * The console's error vocabulary: every console-side code with its HTTP status and, where the code
 * carries data, the zod schema of its `details`. The API throws `ConsoleError(code, details)`; the
 * web app renders `t('errors.codes.<code>', details)` — no English sentence is parsed anywhere.
 * RAM's own codes (e.g. `LimitExceeded.User.AccessKey`) are not listed: they pass through with
 * RAM's status and no details.
 */

/** Why a rotation cannot start (`RotationCannotStart`, and `cannotStartReason` on GET). */
export const RotationBlockReason = z.enum([
  /** The RAM user already has 2 keys: the new key needs the second slot. */
  'tooManyKeys',
  /** Nothing to rotate: create a key instead. */
  'noAccessKey',
  /** The only key is disabled: enable it, or delete it and create a new one. */
  'onlyKeyDisabled',
  /** A rotation of this RAM user is already in progress (start answers 409 with this). */
  'alreadyInProgress',
]);
export type RotationBlockReason = z.infer<typeof RotationBlockReason>;

/** Why a rotation step was refused (`RotationStepRefused`). */
export const RotationRefusalReason = z.enum([
  /** No rotation is in progress for this RAM user. */
  'notInProgress',
  /** The rotation is at another step (`details.step` says which). */
  'wrongStep',
  /** The new key is missing or disabled: the old key stays enabled. */
  'newKeyUnavailable',
  /** The old key was enabled again: disable it before deleting it. */
  'oldKeyEnabled',
  /** The grace period after the disable has not passed (`details.deleteAllowedAt`). */
  'gracePeriod',
]);
export type RotationRefusalReason = z.infer<typeof RotationRefusalReason>;

/** Why an AccessKey cannot be disabled or deleted through the console (`AccessKeyProtected`). */
export const AccessKeyProtectionReason = z.enum([
  /** The console itself signs its RAM calls with this key. */
  'usedByConsole',
]);
export type AccessKeyProtectionReason = z.infer<typeof AccessKeyProtectionReason>;

/** What a `Conflict` is about. */
export const ConflictReason = z.enum([
  /** The console must keep at least one admin. */
  'lastAdmin',
  /** An operator with this username exists. */
  'operatorExists',
  /** The phone change was confirmed, cancelled or superseded meanwhile. */
  'phoneChangeNotPending',
]);
export type ConflictReason = z.infer<typeof ConflictReason>;

/** Why a verification code no longer works (`VerificationExpired`). */
export const VerificationExpiredReason = z.enum(['expired', 'superseded', 'used']);
export type VerificationExpiredReason = z.infer<typeof VerificationExpiredReason>;

/** Why a ticket was not accepted (`VerificationRequired`). */
export const VerificationRequiredReason = z.enum([
  /** No ticket was sent (and no step-up window applies). */
  'missing',
  /** The ticket is used, expired, or for another action, target or session. */
  'invalid',
]);
export type VerificationRequiredReason = z.infer<typeof VerificationRequiredReason>;

/** Why an operator may not do this (`Forbidden`). */
export const ForbiddenReason = z.enum([
  'adminOnly',
  /** Members manage only the RAM user mapped to them. */
  'notYourRamUser',
  /** SSO operators have no console password (their identity provider signs them in). */
  'ssoOperator',
]);
export type ForbiddenReason = z.infer<typeof ForbiddenReason>;

const RetryAfter = z.object({ retryAfterSeconds: z.number().int().min(1) });

/** `RamThrottled`: how long to wait before trying again (also the Retry-After header). */
export const RamThrottledDetails = RetryAfter;
export type RamThrottledDetails = z.infer<typeof RamThrottledDetails>;

/** code → HTTP status and details schema (absent: the code carries no details). */
export const ConsoleErrorCatalog = {
  ValidationFailed: { status: 400 },
  /** Wrong code; `attemptsLeft` before it burns (≥ 1: the last wrong try answers AttemptsExceeded). */
  VerificationCodeInvalid: {
    status: 400,
    details: z.object({ attemptsLeft: z.number().int().min(0) }),
  },
  /** Changing one's own password: the current password is wrong. */
  CurrentPasswordIncorrect: { status: 400 },
  /** The new password is the current one. */
  PasswordUnchanged: { status: 400 },
  Unauthenticated: { status: 401 },
  InvalidCredentials: { status: 401 },
  Forbidden: { status: 403, details: z.object({ reason: ForbiddenReason }) },
  CsrfTokenInvalid: { status: 403 },
  VerificationRequired: { status: 403, details: z.object({ reason: VerificationRequiredReason }) },
  /** The session may only change its password (a generated or admin-set password). */
  PasswordChangeRequired: { status: 403 },
  NotFound: { status: 404 },
  Conflict: { status: 409, details: z.object({ reason: ConflictReason }) },
  AccessKeyProtected: { status: 409, details: z.object({ reason: AccessKeyProtectionReason }) },
  RotationCannotStart: { status: 409, details: z.object({ reason: RotationBlockReason }) },
  /** A network restriction that would refuse the console's own AccessKey (issue 13). */
  ConsoleLockout: { status: 409 },
  RotationStepRefused: {
    status: 409,
    details: z.object({
      reason: RotationRefusalReason,
      /** wrongStep: the step the rotation is at. */
      step: z.string().optional(),
      /** gracePeriod: from when the old key may be deleted. */
      deleteAllowedAt: z.string().optional(),
    }),
  },
  VerificationExpired: { status: 410, details: z.object({ reason: VerificationExpiredReason }) },
  PayloadTooLarge: { status: 413 },
  /** The Host header does not name the console's public origin (PUBLIC_URL). */
  MisdirectedRequest: { status: 421 },
  UnsupportedMediaType: { status: 415 },
  /** No longer answered (sign-in is throttled per account and IP instead); older audit rows. */
  AccountLocked: { status: 423 },
  RateLimited: { status: 429, details: RetryAfter.partial() },
  VerificationAttemptsExceeded: { status: 429 },
  VerificationResendTooSoon: { status: 429, details: RetryAfter },
  VerificationSendLimitExceeded: {
    status: 429,
    details: RetryAfter.extend({ limit: z.number().int() }),
  },
  /**
   * Too many failed sign-ins for this username from this IP: the same answer whether or not the
   * account exists.
   */
  SignInThrottled: { status: 429, details: RetryAfter },
  InternalError: { status: 500 },
  CreateOutcomeUnknown: { status: 502 },
  RamUnavailable: { status: 502 },
  /** RAM answered Throttling / Throttling.User (reads retried first). */
  RamThrottled: { status: 429, details: RamThrottledDetails },
  /** The SMS provider did not send the code (Dysmsapi business errors keep their own code). */
  SmsUnavailable: { status: 502 },

  // Sign-in. `LOCAL_LOGIN=false`: password sign-in is left to break-glass admins (the right
  // password of anyone else gets this, a wrong one InvalidCredentials as always).
  LocalLoginDisabled: { status: 403 },
  /** The operator has no phone yet (an SSO operator whose provider sent no verified one). */
  PhoneRequired: { status: 409 },

  // SSO refusals (issue 14). The callback answers with a redirect to the problem page
  // (`SsoProblem`); these precise reasons are the audit row's `errorCode`, and the status is what
  // the refusal means. docs/sso.md maps each to its problem page.
  /** The person declined or cancelled at the provider. */
  OidcAccessDenied: { status: 403 },
  /** The provider answered with an error (the OAuth error code is logged). */
  OidcProviderError: { status: 502 },
  /** The provider's discovery document names a non-https endpoint for the browser. */
  OidcProviderMetadataInvalid: { status: 502 },
  /** Discovery, token, userinfo or JWKS endpoint did not answer. */
  OidcProviderUnreachable: { status: 502 },
  /** A callback without a sign-in started in this browser (replayed, or login CSRF). */
  OidcTransactionMissing: { status: 400 },
  /** The sign-in waited more than 10 minutes for its callback. */
  OidcTransactionExpired: { status: 410 },
  /** OIDC_ISSUER changed between the start and the callback. */
  OidcIssuerChanged: { status: 400 },
  /** The callback's `state` is not the one this sign-in sent. */
  OidcStateMismatch: { status: 400 },
  /** The authorization response names another issuer (RFC 9207 `iss`). */
  OidcIssuerMismatch: { status: 400 },
  /** The provider refused the authorization code (expired, used, or not for this PKCE verifier). */
  OidcCodeRejected: { status: 400 },
  OidcIdTokenMissing: { status: 401 },
  /** Not signed by one of the provider's keys. */
  OidcIdTokenSignature: { status: 401 },
  /** For another client (`aud`, or `azp` with several audiences). */
  OidcIdTokenAudience: { status: 401 },
  /** From another issuer than OIDC_ISSUER. */
  OidcIdTokenIssuer: { status: 401 },
  /** Not the nonce this sign-in sent. */
  OidcIdTokenNonce: { status: 401 },
  OidcIdTokenExpired: { status: 401 },
  /** Any other failed ID token check (`nbf`, `iat`, `auth_time`, malformed). */
  OidcIdTokenInvalid: { status: 401 },
  /** In none of OIDC_ADMIN_GROUPS / OIDC_MEMBER_GROUPS. */
  SsoNoAccess: { status: 403 },
  /** A reference to the groups instead of the list (Entra ID's overage). */
  SsoGroupsOverage: { status: 403 },
  /** A member without the OIDC_RAM_USER_CLAIM claim. */
  SsoRamUserClaimMissing: { status: 403 },
  /** A member whose OIDC_RAM_USER_CLAIM is not a RAM user name. */
  SsoRamUserClaimInvalid: { status: 403 },
  /** A member whose RAM user does not exist in RAM. */
  SsoRamUserMissing: { status: 403 },
} as const satisfies Record<string, { status: number; details?: z.ZodType }>;

type Catalog = typeof ConsoleErrorCatalog;
export type ConsoleErrorCode = keyof Catalog;

/** `ConsoleErrorCode.X === 'X'`, for code that compares codes. */
export const ConsoleErrorCode = Object.fromEntries(
  Object.keys(ConsoleErrorCatalog).map((k) => [k, k]),
) as { readonly [K in ConsoleErrorCode]: K };

/** The codes that carry details, and their shape. */
export type ConsoleErrorDetails<C extends ConsoleErrorCode> = Catalog[C] extends {
  details: z.ZodType;
}
  ? z.infer<Catalog[C]['details']>
  : undefined;

export const isConsoleErrorCode = (code: string): code is ConsoleErrorCode =>
  Object.hasOwn(ConsoleErrorCatalog, code);

/** The typed details of an error body, or undefined when the code has none or they do not parse. */
export function parseErrorDetails<C extends ConsoleErrorCode>(
  code: C,
  details: unknown,
): ConsoleErrorDetails<C> | undefined {
  const entry = ConsoleErrorCatalog[code] as { details?: z.ZodType };
  if (!entry.details) return undefined;
  const parsed = entry.details.safeParse(details);
  return parsed.success ? (parsed.data as ConsoleErrorDetails<C>) : undefined;
}

/** Every console API error body. RAM errors keep RAM's code and HTTP status. */
export const ApiError = z.object({
  code: z.string(),
  /** English, for people reading the API directly; the web app renders `code` + `details`. */
  message: z.string(),
  requestId: z.string(),
  /** Typed per code: see `ConsoleErrorCatalog`. */
  details: z.record(z.string(), z.unknown()).optional(),
  /** RAM's RequestId when RAM answered. */
  ramRequestId: z.string().optional(),
  /** Field-level problems for a 400 (path → message). */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** For `CreateOutcomeUnknown`: keys that appeared although the create got no answer. */
  orphanAccessKeyIds: z.array(z.string()).optional(),
});
export type ApiError = z.infer<typeof ApiError>;
