import type { Db } from '../../db/index.js';
import type { OidcTransactionTable } from '../../db/schema.js';
import { addMs, iso, type Clock } from '../../lib/clock.js';
import { randomToken, sha256 } from '../../lib/crypto.js';

/** How long a sign-in may take at the provider (sign-in form, MFA, consent). */
export const OIDC_TRANSACTION_TTL_MS = 10 * 60_000;

export interface NewOidcTransaction {
  issuer: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

export type OidcTransaction = NewOidcTransaction & { expired: boolean };

/**
 * SSO sign-ins between the redirect to the provider and the callback, kept server-side: the
 * browser holds only a random handle in an HttpOnly cookie, the database its SHA-256 with the
 * state, nonce and PKCE verifier. `take` deletes and returns in one statement, so a callback is
 * answered once whatever replays it, in parallel or on another instance.
 */
export function createOidcTransactionStore(db: Db, now: Clock) {
  return {
    /** Starts a sign-in; `replacing` is the handle of this browser's earlier one, if any. */
    async begin(tx: NewOidcTransaction, replacing?: string): Promise<string> {
      const t = now();
      const handle = randomToken();
      await db.transaction().execute(async (trx) => {
        // Tidy up as sign-ins start: abandoned ones never reach a callback.
        await trx.deleteFrom('oidc_transactions').where('expires_at', '<=', iso(t)).execute();
        if (replacing && replacing.length <= 128) {
          await trx
            .deleteFrom('oidc_transactions')
            .where('handle_hash', '=', sha256(replacing))
            .execute();
        }
        const row: OidcTransactionTable = {
          handle_hash: sha256(handle),
          issuer: tx.issuer,
          state: tx.state,
          nonce: tx.nonce,
          code_verifier: tx.codeVerifier,
          return_to: tx.returnTo,
          created_at: iso(t),
          expires_at: iso(addMs(t, OIDC_TRANSACTION_TTL_MS)),
        };
        await trx.insertInto('oidc_transactions').values(row).execute();
      });
      return handle;
    },

    /** The sign-in this handle started, removed so it cannot be answered twice; null if none. */
    async take(handle: string | undefined): Promise<OidcTransaction | null> {
      if (!handle || handle.length > 128) return null;
      const row = await db
        .deleteFrom('oidc_transactions')
        .where('handle_hash', '=', sha256(handle))
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      return {
        issuer: row.issuer,
        state: row.state,
        nonce: row.nonce,
        codeVerifier: row.code_verifier,
        returnTo: row.return_to,
        expired: Date.parse(row.expires_at) <= now().getTime(),
      };
    },
  };
}

export type OidcTransactionStore = ReturnType<typeof createOidcTransactionStore>;
