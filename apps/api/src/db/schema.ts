import type { Generated } from 'kysely';

/** Console tables. Times are ISO-8601 UTC strings so the SQL stays portable to PostgreSQL. */
export interface OperatorTable {
  username: string;
  password_hash: string;
  role: 'admin' | 'member';
  phone: string;
  ram_user_name: string | null;
  /** 1: the password was generated or set by someone else; the session may only change it. */
  must_change_password: number;
  created_at: string;
  updated_at: string;
  /** local | sso (created at the first SSO sign-in; no console password). */
  source: 'local' | 'sso';
  /** SSO operators: who they are at the provider (unique together). */
  oidc_issuer: string | null;
  oidc_subject: string | null;
  /** 1: a local admin the operator CLI keeps for password sign-in while LOCAL_LOGIN=false. */
  break_glass: number;
}

export interface SessionTable {
  /** SHA-256 of the cookie value: a copied database does not hold usable sessions. */
  id_hash: string;
  operator_username: string;
  csrf_token: string;
  ip: string | null;
  created_at: string;
  last_seen_at: string;
  /** Absolute end; the idle end is last_seen_at + idle timeout. */
  expires_at: string;
  /** What GET /api/auth/sessions shows and DELETE …/:id takes (never the hash of the cookie). */
  public_id: string;
  user_agent: string | null;
  /** STEP_UP_WINDOW_MINUTES after the last confirmed code; null when no window is open. */
  step_up_until: string | null;
}

export interface VerificationTable {
  id: string;
  session_id_hash: string;
  operator_username: string;
  action: string;
  /** null = the account's own keys (or not a RAM-user action). */
  ram_user_name: string | null;
  /** Operator actions: the operator the ticket is bound to. */
  target_operator: string | null;
  /** Key actions: the one AccessKey the ticket is bound to; null = any key of the owner. */
  access_key_id: string | null;
  phone: string;
  code_hash: string;
  attempts: number;
  created_at: string;
  expires_at: string;
  /** superseded | burned | confirmed; null while pending. */
  state: string | null;
  ticket_hash: string | null;
  ticket_expires_at: string | null;
  ticket_used_at: string | null;
}

export interface AuditEventTable {
  id: Generated<number>;
  time: string;
  operator: string | null;
  action: string;
  target_operator: string | null;
  ram_user_name: string | null;
  access_key_id: string | null;
  outcome: 'success' | 'failure';
  error_code: string | null;
  /** ticket | step-up, for verified actions. */
  verification: string | null;
  request_id: string;
  ram_request_id: string | null;
  ip: string | null;
}

export interface KeyDescriptionTable {
  access_key_id: string;
  ram_user_name: string | null;
  description: string;
  created_at: string;
}

export interface RotationTable {
  id: Generated<number>;
  ram_user_name: string;
  old_access_key_id: string;
  new_access_key_id: string | null;
  /** create-new-key | adopt | delete-old | completed */
  step: string;
  /** active | completed | cancelled; at most one active per RAM user. */
  state: string;
  started_by: string;
  started_at: string;
  new_key_created_at: string | null;
  old_key_disabled_at: string | null;
  completed_at: string | null;
  updated_at: string;
}

/** Failed sign-ins per (username as typed, client IP); see plugins/app/sign-in-throttle.ts. */
export interface LoginThrottleTable {
  username: string;
  ip: string;
  failures: number;
  last_failure_at: string | null;
  blocked_until: string | null;
}

/** An SSO sign-in waiting for its callback (single use; plugins/app/oidc-transactions.ts). */
export interface OidcTransactionTable {
  /** SHA-256 of the random handle in the browser's cookie. */
  handle_hash: string;
  issuer: string;
  state: string;
  nonce: string;
  code_verifier: string;
  /** A path inside the console, checked before it was stored. */
  return_to: string;
  created_at: string;
  expires_at: string;
}

/** An SSO session's ID token, the hint for RP-initiated logout; goes with its session. */
export interface OidcSessionTable {
  session_id_hash: string;
  issuer: string;
  id_token: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

/** A rate-limit window of one route and client key (plugins/external/rate-limit.ts). */
export interface RateLimitTable {
  key: string;
  hits: number;
  window_ends_at: string;
}

/** A running instance's heartbeat (real time, ISO). */
export interface ConsoleInstanceTable {
  id: string;
  started_at: string;
  seen_at: string;
}

/** A verified RAM change whose ticket is spent and whose audit row is not written yet. */
export interface PendingActionTable {
  id: string;
  instance_id: string;
  operator: string;
  action: string;
  ram_user_name: string | null;
  access_key_id: string | null;
  verification: string | null;
  request_id: string;
  ip: string | null;
  started_at: string;
}

export interface Database {
  operators: OperatorTable;
  sessions: SessionTable;
  verifications: VerificationTable;
  audit_events: AuditEventTable;
  key_descriptions: KeyDescriptionTable;
  settings: SettingTable;
  rotations: RotationTable;
  login_throttles: LoginThrottleTable;
  oidc_transactions: OidcTransactionTable;
  oidc_sessions: OidcSessionTable;
  rate_limits: RateLimitTable;
  console_instances: ConsoleInstanceTable;
  pending_actions: PendingActionTable;
}
