import type Database from 'better-sqlite3';

/**
 * The emulator's tables. Live users are in `users`; a deleted RAM user moves to `users_bin` (same
 * seq and UserId) for 30 days. A key with `recycle_date` set is in the AccessKey recycle bin;
 * `access_keys.user_seq IS NULL` marks an account (root) key, which never goes to the bin.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL UNIQUE,
  user_name TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  mobile_phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  comments TEXT NOT NULL DEFAULT '',
  create_date TEXT NOT NULL,
  update_date TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users_bin (
  seq INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL UNIQUE,
  user_name TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  mobile_phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  comments TEXT NOT NULL DEFAULT '',
  create_date TEXT NOT NULL,
  update_date TEXT NOT NULL,
  recycle_date TEXT NOT NULL,
  delete_date TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS access_keys (
  access_key_id TEXT PRIMARY KEY,
  access_key_secret TEXT NOT NULL,
  user_seq INTEGER,
  status TEXT NOT NULL,
  create_date TEXT NOT NULL,
  last_used_date TEXT
);
CREATE INDEX IF NOT EXISTS access_keys_by_owner ON access_keys(user_seq);
CREATE TABLE IF NOT EXISTS key_usage (
  access_key_id TEXT NOT NULL,
  service_name TEXT NOT NULL,
  ip TEXT NOT NULL,
  used_at INTEGER NOT NULL,
  PRIMARY KEY (access_key_id, service_name, ip)
);
CREATE TABLE IF NOT EXISTS user_policies (
  user_seq INTEGER NOT NULL,
  policy_name TEXT NOT NULL,
  policy_type TEXT NOT NULL,
  attach_date TEXT NOT NULL,
  PRIMARY KEY (user_seq, policy_name)
);
CREATE TABLE IF NOT EXISTS custom_policies (
  policy_name TEXT PRIMARY KEY,
  description TEXT NOT NULL DEFAULT '',
  document TEXT NOT NULL,
  create_date TEXT NOT NULL,
  update_date TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS groups (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  group_id TEXT NOT NULL UNIQUE,
  group_name TEXT NOT NULL UNIQUE,
  comments TEXT NOT NULL DEFAULT '',
  create_date TEXT NOT NULL,
  update_date TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS group_members (
  group_seq INTEGER NOT NULL,
  user_seq INTEGER NOT NULL,
  join_date TEXT NOT NULL,
  PRIMARY KEY (group_seq, user_seq)
);
CREATE INDEX IF NOT EXISTS group_members_by_user ON group_members(user_seq);
CREATE TABLE IF NOT EXISTS login_profiles (
  user_seq INTEGER PRIMARY KEY,
  password_reset_required INTEGER NOT NULL,
  mfa_bind_required INTEGER NOT NULL,
  create_date TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS virtual_mfa_devices (
  serial_number TEXT PRIMARY KEY,
  seed TEXT NOT NULL,
  user_seq INTEGER UNIQUE,
  create_date TEXT NOT NULL,
  bind_date TEXT
);
CREATE TABLE IF NOT EXISTS sms_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  phone TEXT NOT NULL,
  sign_name TEXT NOT NULL,
  template_code TEXT NOT NULL,
  template_param TEXT,
  sent_at INTEGER NOT NULL,
  biz_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sms_by_phone ON sms_messages(phone, sent_at);
`;

/** Columns added to access_keys since the first release; older database files get them here. */
const ACCESS_KEY_COLUMNS: [string, string][] = [
  ['update_date', 'TEXT'],
  ['recycle_date', 'TEXT'],
  ['delete_date', 'TEXT'],
  ['last_used_service', 'TEXT'],
  ['last_used_ip', 'TEXT'],
  ['policy', 'TEXT'],
];

export function migrate(db: Database.Database): void {
  db.exec(SCHEMA);
  const present = new Set(
    db
      .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
      .all('access_keys')
      .map((c) => c.name),
  );
  for (const [name, type] of ACCESS_KEY_COLUMNS) {
    if (!present.has(name)) db.exec(`ALTER TABLE access_keys ADD COLUMN ${name} ${type}`);
  }
  db.exec('CREATE INDEX IF NOT EXISTS access_keys_in_bin ON access_keys(recycle_date)');
}
