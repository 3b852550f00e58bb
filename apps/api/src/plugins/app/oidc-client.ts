import * as client from 'openid-client';
import type { ConsoleErrorCode, SsoProblem } from '@ram-console/contracts';
import type { OidcSettings } from './oidc-settings.js';

/**
 * The console as an OpenID Connect relying party, through `openid-client` (certified): discovery
 * from OIDC_ISSUER, the authorization code flow with PKCE (S256), state and nonce, the ID token's
 * signature and claims checked by the library, claims completed from the userinfo endpoint, and
 * RP-initiated logout. Nothing here parses or checks a token by hand.
 */

/** How long discovered metadata is trusted before it is fetched again. */
const METADATA_MAX_AGE_MS = 60 * 60_000;
/** Seconds the provider gets per request (discovery, token, userinfo, JWKS). */
const PROVIDER_TIMEOUT_SECONDS = 10;

export interface OidcTokens {
  /** ID token claims completed by userinfo (the ID token's own claims win). */
  claims: Record<string, unknown>;
  issuer: string;
  subject: string;
  /** Kept with the session as the hint for the provider's logout. */
  idToken: string;
}

/** Why the provider part of a sign-in failed: the page to show and the audit row's error code. */
export class OidcFlowError extends Error {
  constructor(
    readonly problem: SsoProblem,
    readonly auditCode: ConsoleErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OidcFlowError';
  }
}

export function createOidcClient(settings: OidcSettings, clientSecret: string | undefined) {
  let discovered: { at: number; config: Promise<client.Configuration> } | null = null;

  // Chosen when the provider is known: client_secret_basic (the spec's default) unless the
  // provider lists only client_secret_post; no secret → a public client, PKCE only.
  const clientAuth: client.ClientAuth = (as, c, body, headers) => {
    if (!clientSecret) return client.None()(as, c, body, headers);
    const methods = as.token_endpoint_auth_methods_supported;
    const post = methods && !methods.includes('client_secret_basic');
    const auth = post
      ? client.ClientSecretPost(clientSecret)
      : client.ClientSecretBasic(clientSecret);
    return auth(as, c, body, headers);
  };

  async function discover(): Promise<client.Configuration> {
    const config = await client.discovery(
      new URL(settings.issuer),
      settings.clientId,
      clientSecret ? { client_secret: clientSecret } : undefined,
      clientAuth,
      {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        execute: [
          // The ID token's signature is checked against the provider's JWKS too, not only TLS
          // to the token endpoint (which the spec allows to stand in for it): defence in depth.
          client.enableNonRepudiationChecks,
          // Plain http only for an issuer on loopback (config.ts refuses it anywhere else).
          ...(settings.insecureLoopback ? [client.allowInsecureRequests] : []),
        ],
      },
    );
    // The browser is sent to these two; the library fetches the others itself (https-only unless
    // the loopback exception applies), so check the same rule for them.
    const md = config.serverMetadata();
    for (const [name, value] of [
      ['authorization_endpoint', md.authorization_endpoint],
      ['end_session_endpoint', md.end_session_endpoint],
    ] as const) {
      if (value !== undefined && !browserEndpointAllowed(value, settings.insecureLoopback)) {
        throw new OidcFlowError(
          'provider_error',
          'OidcProviderMetadataInvalid',
          `The provider's ${name} is not an https URL: ${value}`,
        );
      }
    }
    return config;
  }

  /** Discovery, kept for an hour; a failure is not kept (the next sign-in asks again). */
  function configuration(): Promise<client.Configuration> {
    const t = Date.now();
    if (!discovered || t - discovered.at > METADATA_MAX_AGE_MS) {
      const attempt = { at: t, config: discover() };
      discovered = attempt;
      attempt.config.catch(() => {
        if (discovered === attempt) discovered = null;
      });
    }
    return discovered.config;
  }

  const asFlowError = (err: unknown): OidcFlowError =>
    err instanceof OidcFlowError ? err : classify(err);

  return {
    settings,

    /** The provider's authorization URL for a sign-in (state, nonce and PKCE challenge). */
    async authorizationUrl(params: {
      redirectUri: string;
      state: string;
      nonce: string;
      codeVerifier: string;
      /** Ask the provider for a fresh sign-in even if someone is signed in there. */
      promptLogin?: boolean;
    }): Promise<URL> {
      try {
        const config = await configuration();
        return client.buildAuthorizationUrl(config, {
          redirect_uri: params.redirectUri,
          scope: settings.scopes.join(' '),
          response_type: 'code',
          state: params.state,
          nonce: params.nonce,
          code_challenge: await client.calculatePKCECodeChallenge(params.codeVerifier),
          code_challenge_method: 'S256',
          ...(params.promptLogin ? { prompt: 'login' } : {}),
        });
      } catch (err) {
        throw asFlowError(err);
      }
    },

    /**
     * The callback: checks the authorization response (issuer, state), redeems the code with the
     * PKCE verifier, verifies the ID token (signature, issuer, audience, nonce, expiry) and reads
     * userinfo for the subject. `callbackUrl` is the redirect URI with the query as received.
     */
    async redeem(
      callbackUrl: URL,
      expected: { state: string; nonce: string; codeVerifier: string },
    ): Promise<OidcTokens> {
      try {
        const config = await configuration();
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: expected.codeVerifier,
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims();
        if (!idClaims || !tokens.id_token) {
          throw new OidcFlowError('id_token_invalid', 'OidcIdTokenMissing', 'No ID token');
        }
        let userinfo: Record<string, unknown> = {};
        if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
          userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        }
        return {
          claims: { ...userinfo, ...idClaims },
          issuer: idClaims.iss,
          subject: idClaims.sub,
          idToken: tokens.id_token,
        };
      } catch (err) {
        throw asFlowError(err);
      }
    },

    /** Where to send the browser to end the provider's session too; null if it offers none. */
    async endSessionUrl(idToken: string, postLogoutRedirectUri: string): Promise<string | null> {
      try {
        // Sign-out does not wait long for a provider that does not answer.
        const config = await Promise.race([
          configuration(),
          new Promise<never>((_, reject) => {
            setTimeout(() => reject(new Error('discovery timed out')), 3000).unref();
          }),
        ]);
        if (!config.serverMetadata().end_session_endpoint) return null;
        return client.buildEndSessionUrl(config, {
          id_token_hint: idToken,
          post_logout_redirect_uri: postLogoutRedirectUri,
        }).href;
      } catch {
        // The console's own session ends whatever the provider does.
        return null;
      }
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;

function browserEndpointAllowed(value: string, insecureLoopback: boolean): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (insecureLoopback && url.protocol === 'http:');
  } catch {
    return false;
  }
}

/**
 * openid-client's errors → what the operator is told and what the audit row records. The claim a
 * failed ID token check names comes from the library's error (`cause.claim`); tests pin each case.
 */
export function classify(err: unknown): OidcFlowError {
  // The provider's own OAuth error code (`invalid_request`, …) goes into the message: logged, not
  // audited (the audit row keeps the console's code).
  const oauthError = (err as { error?: unknown })?.error;
  const fail = (problem: SsoProblem, auditCode: ConsoleErrorCode) =>
    new OidcFlowError(
      problem,
      auditCode,
      `${typeof oauthError === 'string' ? `${oauthError.slice(0, 40)}: ` : ''}${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  if (err instanceof client.AuthorizationResponseError) {
    return err.error === 'access_denied'
      ? fail('access_denied', 'OidcAccessDenied')
      : fail('provider_error', 'OidcProviderError');
  }
  if (err instanceof client.ResponseBodyError) {
    return err.error === 'invalid_grant'
      ? fail('code_rejected', 'OidcCodeRejected')
      : fail('provider_error', 'OidcProviderError');
  }
  if (isNetworkError(err)) return fail('provider_unreachable', 'OidcProviderUnreachable');
  // openid-client wraps oauth4webapi's error (the specific message, and the claim in its cause).
  const code = (err as { code?: unknown })?.code;
  const inner = err instanceof client.ClientError && err.cause instanceof Error ? err.cause : err;
  const message = inner instanceof Error ? inner.message : '';
  const cause = (inner as { cause?: { claim?: unknown } })?.cause;
  if (/"iss" \(issuer\) (response parameter|missing)|parameter "iss"/.test(message)) {
    return fail('state_mismatch', 'OidcIssuerMismatch');
  }
  if (/"state" response parameter|parameter "state"/.test(message)) {
    return fail('state_mismatch', 'OidcStateMismatch');
  }
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' || code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
    const claim = typeof cause?.claim === 'string' ? cause.claim : '';
    const codes: Record<string, ConsoleErrorCode> = {
      aud: 'OidcIdTokenAudience',
      azp: 'OidcIdTokenAudience',
      iss: 'OidcIdTokenIssuer',
      nonce: 'OidcIdTokenNonce',
      exp: 'OidcIdTokenExpired',
    };
    return fail('id_token_invalid', codes[claim] ?? 'OidcIdTokenInvalid');
  }
  if (/signature verification failed|verification key/.test(message)) {
    return fail('id_token_invalid', 'OidcIdTokenSignature');
  }
  if (/JWT|ID Token|id_token/.test(message)) return fail('id_token_invalid', 'OidcIdTokenInvalid');
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON') {
    return fail('provider_unreachable', 'OidcProviderUnreachable');
  }
  return fail('provider_error', 'OidcProviderError');
}

/** fetch's own failures: refused, reset, DNS, TLS, and the library's timeout. */
function isNetworkError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return true;
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) return true;
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error && cause !== err && isNetworkError(cause);
}
