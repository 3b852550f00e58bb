import Database from 'better-sqlite3';

/**
 * All emulator state in one SQLite database, reached only through prepared statements built once
 * here (no per-request schema work). `access_keys.user_seq IS NULL` marks an account (root) key.
 */
const SCHEMA = `
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
CREATE TABLE IF NOT EXISTS access_keys (
  access_key_id TEXT PRIMARY KEY,
  access_key_secret TEXT NOT NULL,
  user_seq INTEGER,
  status TEXT NOT NULL,
  create_date TEXT NOT NULL,
  last_used_date TEXT
);
CREATE INDEX IF NOT EXISTS access_keys_by_owner ON access_keys(user_seq);
CREATE TABLE IF NOT EXISTS user_policies (
  user_seq INTEGER NOT NULL,
  policy_name TEXT NOT NULL,
  policy_type TEXT NOT NULL,
  attach_date TEXT NOT NULL,
  PRIMARY KEY (user_seq, policy_name)
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

export interface UserRow {
  seq: number;
  user_id: string;
  user_name: string;
  display_name: string;
  mobile_phone: string;
  email: string;
  comments: string;
  create_date: string;
  update_date: string;
}

export interface AccessKeyRow {
  access_key_id: string;
  access_key_secret: string;
  user_seq: number | null;
  status: 'Active' | 'Inactive';
  create_date: string;
  last_used_date: string | null;
}

/** A key with its owner, as authentication needs it. */
export interface KeyWithOwner extends AccessKeyRow {
  user_name: string | null;
  user_id: string | null;
}

export interface PolicyRow {
  policy_name: string;
  policy_type: string;
  attach_date: string;
}

export interface SmsRow {
  id: number;
  phone: string;
  sign_name: string;
  template_code: string;
  template_param: string | null;
  sent_at: number;
  biz_id: string;
}

export type NewUser = Omit<UserRow, 'seq'>;
export type UserChanges = Pick<
  UserRow,
  'user_name' | 'display_name' | 'mobile_phone' | 'email' | 'comments' | 'update_date'
>;

export class Store {
  readonly db: Database.Database;
  private readonly s;
  /**
   * Bumped by every change to keys or users, so callers may cache what they read about them
   * (authentication keeps keys in memory and drops them all when this moves).
   */
  keysVersion = 0;
  /**
   * Read-through caches for what every call reads (a user by name, an owner's keys, a user's
   * policies). A cold SQLite lookup costs several times a Map hit between requests, and the
   * benchmark counts every microsecond. Cleared on any write to what they hold; one emulator
   * per database file (another process writing the same file would not be seen).
   */
  private readonly users = new Map<string, UserRow>();
  private readonly keysByOwner = new Map<number | null, AccessKeyRow[]>();
  private readonly policies = new Map<number, string[]>();

  private changed(): void {
    this.keysVersion++;
    this.users.clear();
    this.keysByOwner.clear();
  }

  constructor(path: string | undefined) {
    const file = path && path !== ':memory:' ? path : ':memory:';
    this.db = new Database(file);
    if (file !== ':memory:') {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    }
    this.db.exec(SCHEMA);
    const db = this.db;
    this.s = {
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),

      insertUser: db.prepare(
        `INSERT INTO users (user_id, user_name, display_name, mobile_phone, email, comments, create_date, update_date)
         VALUES (@user_id, @user_name, @display_name, @mobile_phone, @email, @comments, @create_date, @update_date)`,
      ),
      getUser: db.prepare<[string], UserRow>('SELECT * FROM users WHERE user_name = ?'),
      userIdTaken: db.prepare<[string], { one: number }>(
        'SELECT 1 AS one FROM users WHERE user_id = ?',
      ),
      countUsers: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users'),
      listUsers: db.prepare<[number, number], UserRow>(
        'SELECT * FROM users WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
      updateUser: db.prepare(
        `UPDATE users SET user_name = @user_name, display_name = @display_name, mobile_phone = @mobile_phone,
         email = @email, comments = @comments, update_date = @update_date WHERE seq = @seq`,
      ),
      deleteUser: db.prepare<[number]>('DELETE FROM users WHERE seq = ?'),

      getKeyForAuth: db.prepare<[string], KeyWithOwner>(
        `SELECT k.*, u.user_name, u.user_id FROM access_keys k LEFT JOIN users u ON u.seq = k.user_seq
         WHERE k.access_key_id = ?`,
      ),
      getKey: db.prepare<[string, number | null], AccessKeyRow>(
        'SELECT * FROM access_keys WHERE access_key_id = ? AND user_seq IS ?',
      ),
      countKeys: db.prepare<[number | null], { n: number }>(
        'SELECT count(*) AS n FROM access_keys WHERE user_seq IS ?',
      ),
      listKeys: db.prepare<[number | null], AccessKeyRow>(
        'SELECT * FROM access_keys WHERE user_seq IS ? ORDER BY create_date, rowid',
      ),
      insertKey: db.prepare(
        `INSERT INTO access_keys (access_key_id, access_key_secret, user_seq, status, create_date, last_used_date)
         VALUES (@access_key_id, @access_key_secret, @user_seq, @status, @create_date, NULL)`,
      ),
      upsertRootKey: db.prepare(
        `INSERT INTO access_keys (access_key_id, access_key_secret, user_seq, status, create_date, last_used_date)
         VALUES (?, ?, NULL, 'Active', ?, NULL)
         ON CONFLICT(access_key_id) DO UPDATE SET access_key_secret = excluded.access_key_secret, user_seq = NULL, status = 'Active'`,
      ),
      setKeyStatus: db.prepare<[string, string]>(
        'UPDATE access_keys SET status = ? WHERE access_key_id = ?',
      ),
      deleteKey: db.prepare<[string]>('DELETE FROM access_keys WHERE access_key_id = ?'),
      touchKey: db.prepare<[string, string]>(
        'UPDATE access_keys SET last_used_date = ? WHERE access_key_id = ?',
      ),

      attachPolicy: db.prepare(
        'INSERT INTO user_policies (user_seq, policy_name, policy_type, attach_date) VALUES (?, ?, ?, ?)',
      ),
      detachPolicy: db.prepare<[number, string]>(
        'DELETE FROM user_policies WHERE user_seq = ? AND policy_name = ?',
      ),
      listPolicies: db.prepare<[number], PolicyRow>(
        'SELECT policy_name, policy_type, attach_date FROM user_policies WHERE user_seq = ? ORDER BY attach_date, rowid',
      ),
      policyNames: db.prepare<[number], { policy_name: string }>(
        'SELECT policy_name FROM user_policies WHERE user_seq = ?',
      ),
      countPolicies: db.prepare<[number], { n: number }>(
        'SELECT count(*) AS n FROM user_policies WHERE user_seq = ?',
      ),

      insertSms: db.prepare(
        `INSERT INTO sms_messages (phone, sign_name, template_code, template_param, sent_at, biz_id)
         VALUES (@phone, @sign_name, @template_code, @template_param, @sent_at, @biz_id)`,
      ),
      countSmsSince: db.prepare<[string, string, number], { n: number }>(
        'SELECT count(*) AS n FROM sms_messages WHERE phone = ? AND sign_name = ? AND sent_at > ?',
      ),
      listSms: db.prepare<[string], SmsRow>(
        'SELECT * FROM sms_messages WHERE phone = ? ORDER BY id DESC',
      ),
      listAllSms: db.prepare<[], SmsRow>('SELECT * FROM sms_messages ORDER BY id DESC'),
    };
  }

  close(): void {
    this.db.close();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getMeta(key: string): string | undefined {
    return this.s.getMeta.get(key)?.value;
  }
  setMeta(key: string, value: string): void {
    this.s.setMeta.run(key, value);
  }

  // Users
  insertUser(user: NewUser): UserRow {
    const { lastInsertRowid } = this.s.insertUser.run(user);
    this.changed();
    return { ...user, seq: Number(lastInsertRowid) };
  }
  getUser(userName: string): UserRow | undefined {
    let user = this.users.get(userName);
    if (user === undefined) {
      user = this.s.getUser.get(userName);
      if (user) this.users.set(userName, user); // misses are not cached
    }
    return user;
  }
  userIdTaken(userId: string): boolean {
    return this.s.userIdTaken.get(userId) !== undefined;
  }
  countUsers(): number {
    return this.s.countUsers.get()!.n;
  }
  /** Users after `afterSeq` in creation order (stable across renames). */
  listUsers(afterSeq: number, limit: number): UserRow[] {
    return this.s.listUsers.all(afterSeq, limit);
  }
  updateUser(seq: number, changes: UserChanges): void {
    this.s.updateUser.run({ ...changes, seq });
    this.changed();
  }
  deleteUser(seq: number): void {
    this.s.deleteUser.run(seq);
    this.changed();
    this.policies.delete(seq);
  }

  // AccessKeys (owner null = the account itself)
  getKeyForAuth(accessKeyId: string): KeyWithOwner | undefined {
    return this.s.getKeyForAuth.get(accessKeyId);
  }
  getKey(accessKeyId: string, owner: number | null): AccessKeyRow | undefined {
    return this.s.getKey.get(accessKeyId, owner);
  }
  countKeys(owner: number | null): number {
    return this.s.countKeys.get(owner)!.n;
  }
  listKeys(owner: number | null): AccessKeyRow[] {
    let keys = this.keysByOwner.get(owner);
    if (keys === undefined) {
      keys = this.s.listKeys.all(owner);
      this.keysByOwner.set(owner, keys);
    }
    return keys;
  }
  insertKey(key: Omit<AccessKeyRow, 'last_used_date'>): void {
    this.s.insertKey.run(key);
    this.changed();
  }
  upsertRootKey(accessKeyId: string, secret: string, createDate: string): void {
    this.s.upsertRootKey.run(accessKeyId, secret, createDate);
    this.changed();
  }
  setKeyStatus(accessKeyId: string, status: 'Active' | 'Inactive'): void {
    this.s.setKeyStatus.run(status, accessKeyId);
    this.changed();
  }
  deleteKey(accessKeyId: string): void {
    this.s.deleteKey.run(accessKeyId);
    this.changed();
  }
  touchKey(accessKeyId: string, lastUsedDate: string): void {
    this.s.touchKey.run(lastUsedDate, accessKeyId);
    this.keysByOwner.clear();
  }

  // Policies attached to users
  attachPolicy(userSeq: number, policyName: string, policyType: string, attachDate: string): void {
    this.s.attachPolicy.run(userSeq, policyName, policyType, attachDate);
    this.policies.delete(userSeq);
  }
  /** Returns whether something was detached. */
  detachPolicy(userSeq: number, policyName: string): boolean {
    this.policies.delete(userSeq);
    return this.s.detachPolicy.run(userSeq, policyName).changes > 0;
  }
  listPolicies(userSeq: number): PolicyRow[] {
    return this.s.listPolicies.all(userSeq);
  }
  policyNames(userSeq: number): string[] {
    let names = this.policies.get(userSeq);
    if (names === undefined) {
      names = this.s.policyNames.all(userSeq).map((r) => r.policy_name);
      this.policies.set(userSeq, names);
    }
    return names;
  }
  countPolicies(userSeq: number): number {
    return this.s.countPolicies.get(userSeq)!.n;
  }

  // SMS inbox
  insertSms(message: Omit<SmsRow, 'id'>): void {
    this.s.insertSms.run(message);
  }
  countSmsSince(phone: string, signName: string, sinceMs: number): number {
    return this.s.countSmsSince.get(phone, signName, sinceMs)!.n;
  }
  /** Newest first; every phone when `phone` is undefined. */
  listSms(phone?: string): SmsRow[] {
    return phone === undefined ? this.s.listAllSms.all() : this.s.listSms.all(phone);
  }

  /** Empties users, their keys and policies, and the inbox; account keys other than `keepKeyId` go too. */
  reset(keepKeyId: string): void {
    this.transaction(() => {
      this.db.prepare('DELETE FROM user_policies').run();
      this.db.prepare('DELETE FROM access_keys WHERE access_key_id <> ?').run(keepKeyId);
      this.db.prepare('DELETE FROM users').run();
      this.db.prepare('DELETE FROM sms_messages').run();
      this.db
        .prepare(
          "UPDATE access_keys SET status = 'Active', last_used_date = NULL WHERE access_key_id = ?",
        )
        .run(keepKeyId);
    });
    this.changed();
    this.policies.clear();
  }
}
