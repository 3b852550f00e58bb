import { z } from 'zod';

/** Where the browser goes to start SSO sign-in (a top-level navigation, never a fetch). */
export const OIDC_LOGIN_PATH = '/api/auth/oidc/login';
/** The console's redirect URI path at the identity provider (PUBLIC_URL + this). */
export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';
/** The web page that explains why an SSO sign-in ended without a session. */
export const SSO_PROBLEM_PAGE = '/sign-in/sso-problem';

/** GET /api/auth/sign-in-methods: what the sign-in page offers. */
export const SignInMethods = z.object({
  /** OIDC_ISSUER is set: show "Sign in with SSO". */
  sso: z.boolean(),
  /** LOCAL_LOGIN: username and password for everyone; false leaves them to break-glass admins. */
  localLogin: z.boolean(),
});
export type SignInMethods = z.infer<typeof SignInMethods>;

/**
 * POST /api/auth/logout answers 200 with this for an SSO session at a provider that supports
 * RP-initiated logout (the browser goes there next, and comes back to /sign-in); 204 otherwise.
 */
export const LogoutResponse = z.object({ endSessionUrl: z.string() });
export type LogoutResponse = z.infer<typeof LogoutResponse>;

/**
 * Why an SSO sign-in ended without a session: the callback sends the browser to
 * `SSO_PROBLEM_PAGE?problem=<one of these>`, and the page says it in the operator's language.
 * A fixed vocabulary, so nothing a provider or an attacker writes into the URL is shown.
 */
export const SsoProblem = z.enum([
  /** The person declined or cancelled at the identity provider. */
  'access_denied',
  /** Signed in at the provider, but in none of OIDC_ADMIN_GROUPS / OIDC_MEMBER_GROUPS. */
  'no_access',
  /** A member whose RAM user (from OIDC_RAM_USER_CLAIM) does not exist in RAM. */
  'ram_user_missing',
  /** A member for whom the provider sent no usable RAM user claim. */
  'ram_user_claim_missing',
  /** The provider sent a reference to the groups instead of the list (too many groups). */
  'groups_overage',
  /** No sign-in was waiting in this browser: too slow, used already, or started elsewhere. */
  'sign_in_expired',
  /** The answer was not for the sign-in this browser started (state or issuer differ). */
  'state_mismatch',
  /** The provider refused the authorization code (expired, used already). */
  'code_rejected',
  /** The provider's ID token failed verification (signature, issuer, audience, nonce, time). */
  'id_token_invalid',
  /** The provider did not answer (discovery, token or userinfo endpoint). */
  'provider_unreachable',
  /** The provider answered with an error other than a refusal by the person. */
  'provider_error',
  /** RAM did not answer while the member's RAM user was checked. */
  'ram_unavailable',
]);
export type SsoProblem = z.infer<typeof SsoProblem>;

/**
 * The problems where the person at the provider may be the wrong one (another account is signed in
 * there): "Try again" asks the provider to sign in afresh (`prompt=login` on OIDC_LOGIN_PATH)
 * instead of silently reusing that account.
 */
export const SSO_PROBLEMS_ASKING_ANOTHER_ACCOUNT: ReadonlySet<SsoProblem> = new Set([
  'no_access',
  'ram_user_missing',
  'ram_user_claim_missing',
  'groups_overage',
]);

/** The problem page's query: `ramUser` only with `ram_user_missing`. */
export const SsoProblemQuery = z.object({
  problem: SsoProblem,
  ramUser: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9.@_-]+$/)
    .optional(),
});
export type SsoProblemQuery = z.infer<typeof SsoProblemQuery>;
