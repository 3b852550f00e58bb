import type { Config } from './config.js';
import type { Db } from './db/index.js';
import type { Clock } from './lib/clock.js';
import type { AccessKeyService } from './plugins/app/access-keys.js';
import type { AuditService } from './plugins/app/audit.js';
import type { NetworkPolicyService } from './plugins/app/network-policies.js';
import type { RecycleBinService } from './plugins/app/recycle-bin.js';
import type { SecurityPreferencesService } from './plugins/app/security-preferences.js';
import type { SsoService } from './plugins/app/oidc.js';
import type { ChangeFeed } from './plugins/app/change-feed.js';
import type { Lifecycle } from './plugins/app/lifecycle.js';
import type { OperatorService } from './plugins/app/operators.js';
import type { PhoneChangeService } from './plugins/app/phone-change.js';
import type { PublicOrigin } from './plugins/app/public-origin.js';
import type { RamGateway } from './plugins/app/ram-gateway.js';
import type { RotationService } from './plugins/app/rotations.js';
import type { ActiveSession, SessionService } from './plugins/app/sessions.js';
import type { SignInThrottle } from './plugins/app/sign-in-throttle.js';
import type { SmsSender } from './plugins/app/sms.js';
import type { VerificationService } from './plugins/app/verification.js';
import type { PendingActions } from './plugins/app/pending-actions.js';

export type RouteAccess = 'public' | 'operator' | 'admin';

export interface Services {
  /** The settings routes read; no credential or password (see app.ts). */
  config: Pick<
    Config,
    | 'mode'
    | 'session'
    | 'keyPolicy'
    | 'rotationGraceMinutes'
    | 'stepUpWindowMinutes'
    | 'localLogin'
    | 'flow'
  >;
  publicOrigin: PublicOrigin;
  db: Db;
  now: Clock;
  operators: OperatorService;
  sessions: SessionService;
  signInThrottle: SignInThrottle;
  sms: SmsSender;
  verification: VerificationService;
  phoneChange: PhoneChangeService;
  audit: AuditService;
  ram: RamGateway;
  accessKeys: AccessKeyService;
  rotations: RotationService;
  account: () => Promise<{ accountAlias: string; accountId: string }>;
  /** IMS security preferences (issue 13). */
  securityPreferences: SecurityPreferencesService;
  /** Network access restriction and where keys were used (issue 13). */
  networkPolicies: NetworkPolicyService;
  /** RAM's recycle bins (issue 13). */
  recycleBin: RecycleBinService;
  /** Embedded mode: the emulator's SMS inbox, for GET /api/demo/inbox. */
  demoInbox: ((phone: string) => Promise<{ phone: string; code: string; sentAt: string }[]>) | null;
  /** SSO sign-in through the company's OpenID provider; null without OIDC_ISSUER. */
  sso: SsoService | null;
  /** Draining after SIGTERM (readiness 503). */
  lifecycle: Lifecycle;
  /** Changes the other instances' in-memory copies must apply (PostgreSQL LISTEN/NOTIFY). */
  changes: ChangeFeed;
  /** Heartbeat and the verified actions between their ticket and their audit row. */
  pending: PendingActions;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
  interface FastifyRequest {
    session: ActiveSession | null;
  }
  interface FastifyContextConfig {
    /** Who may call an /api route: required on each (plugins/app/auth.ts). */
    access?: RouteAccess;
    /** Answer whatever Host the request names (health checks a load balancer calls by address). */
    anyHost?: boolean;
    /**
     * The route answers a session whose password must be changed first (a generated or
     * admin-set one): only /me, logout and the password change declare it.
     */
    beforePasswordChange?: boolean;
  }
}
