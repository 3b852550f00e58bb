import type { AuditAction, ConsoleErrorCode, SsoProblem } from '@ram-console/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, Executor } from '../../db/index.js';
import type { OperatorTable } from '../../db/schema.js';
import { ApiHttpError } from '../../errors.js';
import { iso, type Clock } from '../../lib/clock.js';
import { sha256 } from '../../lib/crypto.js';
import type { AuditService } from './audit.js';
import { decideAccess, usernameBase, verifiedPhoneOf } from './oidc-claims.js';
import { OidcFlowError, type OidcClient } from './oidc-client.js';
import type { OidcTransactionStore } from './oidc-transactions.js';
import type { RamGateway } from './ram-gateway.js';
import type { SessionService } from './sessions.js';
import { supersedeCodesFor } from './verification.js';
import * as openid from 'openid-client';

/** An SSO operator's password hash: not a scrypt hash, so no password ever matches it. */
export const SSO_NO_PASSWORD = '!sso';

export interface SsoRequestContext {
  requestId: string;
  ip: string | null;
  userAgent?: string | undefined;
}

export type SsoOutcome =
  | { ok: true; sessionId: string; operator: string; returnTo: string }
  | { ok: false; problem: SsoProblem; ramUser?: string };

/**
 * SSO sign-in from start to session: the transaction (state, nonce, PKCE verifier) kept
 * server-side, the provider part through openid-client, then the console's own decision — role
 * from the groups at every sign-in, a member's RAM user checked in RAM, the operator created or
 * updated, the session and the audit rows in one transaction (nothing half-created).
 */
export function createSsoService(deps: {
  client: OidcClient;
  transactions: OidcTransactionStore;
  db: Db;
  now: Clock;
  ram: RamGateway;
  audit: AuditService;
  sessions: SessionService;
  /** PUBLIC_URL + the callback path (the origin may be learned at listen). */
  redirectUri: () => string;
  log: FastifyBaseLogger;
}) {
  const { client, transactions, db, now, audit, sessions, log } = deps;
  const { settings } = client;

  async function refuse(
    ctx: SsoRequestContext,
    problem: SsoProblem,
    auditCode: ConsoleErrorCode,
    extra: { operator?: string | null; ramUser?: string } = {},
  ): Promise<SsoOutcome> {
    await audit.record({
      operator: extra.operator ?? null,
      action: 'SsoLogin',
      outcome: 'failure',
      errorCode: auditCode,
      ramUserName: extra.ramUser ?? null,
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { ok: false, problem, ...(extra.ramUser ? { ramUser: extra.ramUser } : {}) };
  }

  const byIdentity = (issuer: string, subject: string, exec: Executor = db) =>
    exec
      .selectFrom('operators')
      .selectAll()
      .where('oidc_issuer', '=', issuer)
      .where('oidc_subject', '=', subject)
      .executeTakeFirst();

  /**
   * What they may do changed (or they lost access): their sessions end, their pending codes and
   * tickets stop working, as for an admin's change of a local operator.
   */
  async function endSessionsOf(username: string, exec: Executor, at: Date) {
    await sessions.endAll(username, null, exec);
    await supersedeCodesFor(exec, username, at);
  }

  return {
    settings,

    /**
     * Starts a sign-in: stores the transaction and returns the handle for the browser's cookie
     * and the provider's authorization URL. `replacing`: this browser's earlier handle.
     */
    async begin(returnTo: string, replacing: string | undefined, promptLogin = false) {
      const state = openid.randomState();
      const nonce = openid.randomNonce();
      const codeVerifier = openid.randomPKCECodeVerifier();
      // The provider first: unreachable, nothing is stored.
      const url = await client.authorizationUrl({
        redirectUri: deps.redirectUri(),
        state,
        nonce,
        codeVerifier,
        promptLogin,
      });
      const handle = await transactions.begin(
        { issuer: settings.issuer, state, nonce, codeVerifier, returnTo },
        replacing,
      );
      return { handle, url };
    },

    /** The callback: `rawQuery` is the query string exactly as the browser sent it. */
    async complete(
      handle: string | undefined,
      rawQuery: string,
      ctx: SsoRequestContext,
    ): Promise<SsoOutcome> {
      const tx = await transactions.take(handle);
      if (!tx) return refuse(ctx, 'sign_in_expired', 'OidcTransactionMissing');
      if (tx.expired) return refuse(ctx, 'sign_in_expired', 'OidcTransactionExpired');
      // Started against another provider (OIDC_ISSUER changed in between): not this one's answer.
      if (tx.issuer !== settings.issuer) return refuse(ctx, 'state_mismatch', 'OidcIssuerChanged');

      const callbackUrl = new URL(deps.redirectUri());
      callbackUrl.search = rawQuery;
      let tokens;
      try {
        tokens = await client.redeem(callbackUrl, tx);
      } catch (err) {
        if (!(err instanceof OidcFlowError)) throw err;
        log.warn({ err: { message: err.message, code: err.auditCode } }, 'SSO sign-in refused');
        return refuse(ctx, err.problem, err.auditCode);
      }

      const existing = await byIdentity(tokens.issuer, tokens.subject);
      const decision = decideAccess(tokens.claims, settings);
      if (!decision.granted) {
        // The provider no longer gives this person access: end any session they still have.
        if (existing) await endSessionsOf(existing.username, db, now());
        log.info(
          { sub: tokens.subject, problem: decision.problem },
          'SSO sign-in without console access',
        );
        return refuse(ctx, decision.problem, decision.auditCode, {
          operator: existing?.username ?? null,
        });
      }
      if (decision.role === 'member') {
        try {
          await deps.ram.getUser(decision.ramUserName);
        } catch (err) {
          if (err instanceof ApiHttpError && err.code === 'EntityNotExist.User') {
            return refuse(ctx, 'ram_user_missing', 'SsoRamUserMissing', {
              operator: existing?.username ?? null,
              ramUser: decision.ramUserName,
            });
          }
          log.warn({ err }, 'RAM did not answer GetUser during SSO sign-in');
          return refuse(ctx, 'ram_unavailable', 'RamUnavailable', {
            operator: existing?.username ?? null,
            ramUser: decision.ramUserName,
          });
        }
      }

      const phone = verifiedPhoneOf(tokens.claims);
      const created = await db.transaction().execute(async (trx) => {
        const operator = await upsertOperator(trx, {
          issuer: tokens.issuer,
          subject: tokens.subject,
          role: decision.role,
          ramUserName: decision.ramUserName,
          phone,
          usernameBase: usernameBase(tokens.claims),
        });
        const record = (action: AuditAction, targetOperator: string | null = null) =>
          audit.record(
            {
              operator: operator.row.username,
              action,
              targetOperator,
              outcome: 'success',
              ramUserName: operator.row.ram_user_name,
              requestId: ctx.requestId,
              ip: ctx.ip,
            },
            trx,
          );
        if (operator.change === 'created') {
          await record('CreateSsoOperator', operator.row.username);
        }
        if (operator.change === 'updated') {
          await record('UpdateSsoOperator', operator.row.username);
        }
        const session = await sessions.create(
          operator.row.username,
          { ip: ctx.ip, userAgent: ctx.userAgent },
          trx,
        );
        await trx
          .insertInto('oidc_sessions')
          .values({
            session_id_hash: sha256(session.id),
            issuer: tokens.issuer,
            id_token: tokens.idToken,
          })
          .execute();
        await record('SsoLogin');
        return { sessionId: session.id, operator: operator.row.username };
      });
      return { ok: true, ...created, returnTo: tx.returnTo };
    },

    /** Where the provider ends its own session, for an SSO session's sign-out (else null). */
    async endSessionUrl(sessionIdHash: string, postLogoutRedirectUri: string) {
      const row = await db
        .selectFrom('oidc_sessions')
        .select(['id_token', 'issuer'])
        .where('session_id_hash', '=', sessionIdHash)
        .executeTakeFirst();
      if (!row || row.issuer !== settings.issuer) return null;
      return client.endSessionUrl(row.id_token, postLogoutRedirectUri);
    },
  };

  /**
   * The operator for this identity, created at the first sign-in or brought up to date (role,
   * RAM user, a verified phone). Found by (issuer, subject) only; a new one gets the first free
   * name from its claims. A parallel first sign-in of the same person finds the other's row.
   */
  async function upsertOperator(
    trx: Executor,
    who: {
      issuer: string;
      subject: string;
      role: 'admin' | 'member';
      ramUserName: string | null;
      phone: string | null;
      usernameBase: string;
    },
  ): Promise<{ row: OperatorTable; change: 'created' | 'updated' | 'none' }> {
    const t = iso(now());
    for (let attempt = 1; attempt <= 50; attempt++) {
      const existing = await byIdentity(who.issuer, who.subject, trx);
      if (existing) {
        const patch = {
          role: who.role,
          ram_user_name: who.ramUserName,
          phone: who.phone ?? existing.phone,
        };
        const changed =
          patch.role !== existing.role ||
          patch.ram_user_name !== existing.ram_user_name ||
          patch.phone !== existing.phone;
        if (!changed) return { row: existing, change: 'none' };
        await trx
          .updateTable('operators')
          .set({ ...patch, updated_at: t })
          .where('username', '=', existing.username)
          .execute();
        // A new role, RAM user or phone: sessions opened under the old one end, and codes sent to
        // an old phone stop working (as for an admin's change of a local operator).
        await endSessionsOf(existing.username, trx, now());
        return { row: { ...existing, ...patch, updated_at: t }, change: 'updated' };
      }
      const username =
        attempt === 1 ? who.usernameBase : `${who.usernameBase.slice(0, 56)}-${attempt}`;
      const row: OperatorTable = {
        username,
        password_hash: SSO_NO_PASSWORD,
        role: who.role,
        phone: who.phone ?? '',
        ram_user_name: who.ramUserName,
        must_change_password: 0,
        created_at: t,
        updated_at: t,
        source: 'sso',
        oidc_issuer: who.issuer,
        oidc_subject: who.subject,
        break_glass: 0,
      };
      const inserted = await trx
        .insertInto('operators')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { row, change: 'created' };
      // The name is taken (someone else), or this identity was just created in parallel: the
      // next turn finds it, or tries the next name.
    }
    throw new Error('No free operator name for an SSO operator after 50 tries');
  }
}

export type SsoService = ReturnType<typeof createSsoService>;
