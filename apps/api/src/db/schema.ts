import type { Generated } from 'kysely';

/** Console tables. Times are ISO-8601 UTC strings so the SQL stays portable to PostgreSQL. */
export interface OperatorTable {
  username: string;
  password_hash: string;
  role: 'admin' | 'member';
  phone: string;
  ram_user_name: string | null;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
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
}

export interface VerificationTable {
  id: string;
  session_id_hash: string;
  operator_username: string;
  action: string;
  /** null = the account's own keys. */
  ram_user_name: string | null;
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
  ram_user_name: string | null;
  access_key_id: string | null;
  outcome: 'success' | 'failure';
  error_code: string | null;
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

export interface SettingTable {
  key: string;
  value: string;
}

export interface Database {
  operators: OperatorTable;
  sessions: SessionTable;
  verifications: VerificationTable;
  audit_events: AuditEventTable;
  key_descriptions: KeyDescriptionTable;
  settings: SettingTable;
  rotations: RotationTable;
}
