import Database from 'better-sqlite3';
import { IdentityExtras } from './identity-extras.js';
import { migrate } from './schema.js';

/**
 * All emulator state in one SQLite database, reached only through prepared statements built once
 * here (no per-request schema work). Tables: `schema.ts`. Groups, console logons, MFA devices and
 * custom policies, which no call on the hot path reads, live in `extras`.
 */

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

/** A RAM user in the user recycle bin. */
export interface BinUserRow extends UserRow {
  recycle_date: string;
  delete_date: string;
}

export interface AccessKeyRow {
  access_key_id: string;
  access_key_secret: string;
  user_seq: number | null;
  status: 'Active' | 'Inactive';
  create_date: string;
  update_date: string | null;
  last_used_date: string | null;
  last_used_service: string | null;
  last_used_ip: string | null;
  /** The key's network access restriction policy as stored (JSON), null when never set. */
  policy: string | null;
  /** Set while the key is in the recycle bin. */
  recycle_date: string | null;
  delete_date: string | null;
}

/** A key with its owner, as authentication needs it. */
export interface KeyWithOwner extends AccessKeyRow {
  user_name: string | null;
  user_id: string | null;
}

/** A key in the recycle bin with its owner (live or itself in the bin). */
export interface BinKeyRow extends AccessKeyRow {
  user_id: string;
  user_name: string;
  user_recycled: number;
}

export interface PolicyRow {
  policy_name: string;
  policy_type: string;
  attach_date: string;
}

export interface UsageRow {
  service_name: string;
  ip: string;
  used_at: number;
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
export type NewKey = Pick<
  AccessKeyRow,
  'access_key_id' | 'access_key_secret' | 'user_seq' | 'status' | 'create_date'
>;

const LIVE = 'recycle_date IS NULL';

export class Store {
  readonly db: Database.Database;
  readonly extras: IdentityExtras;
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
    migrate(this.db);
    this.extras = new IdentityExtras(this.db);
    const db = this.db;
    this.s = {
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      deleteMeta: db.prepare<[string]>('DELETE FROM meta WHERE key = ?'),

      insertUser: db.prepare(
        `INSERT INTO users (user_id, user_name, display_name, mobile_phone, email, comments, create_date, update_date)
         VALUES (@user_id, @user_name, @display_name, @mobile_phone, @email, @comments, @create_date, @update_date)`,
      ),
      getUser: db.prepare<[string], UserRow>('SELECT * FROM users WHERE user_name = ?'),
      getUserById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE user_id = ?'),
      getUserBySeq: db.prepare<[number], UserRow>('SELECT * FROM users WHERE seq = ?'),
      userIdTaken: db.prepare<[string, string], { one: number }>(
        'SELECT 1 AS one FROM users WHERE user_id = ? UNION ALL SELECT 1 FROM users_bin WHERE user_id = ?',
      ),
      countUsers: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users'),
      listUsers: db.prepare<[number, number], UserRow>(
        'SELECT * FROM users WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
      allUsers: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY seq'),
      updateUser: db.prepare(
        `UPDATE users SET user_name = @user_name, display_name = @display_name, mobile_phone = @mobile_phone,
         email = @email, comments = @comments, update_date = @update_date WHERE seq = @seq`,
      ),
      deleteUser: db.prepare<[number]>('DELETE FROM users WHERE seq = ?'),

      binUser: db.prepare<[{ seq: number; recycle: string; purge: string }]>(
        `INSERT INTO users_bin SELECT *, @recycle, @purge FROM users WHERE seq = @seq`,
      ),
      unbinUser: db.prepare<[number]>(
        `INSERT INTO users (seq, user_id, user_name, display_name, mobile_phone, email, comments, create_date, update_date)
         SELECT seq, user_id, user_name, display_name, mobile_phone, email, comments, create_date, update_date
         FROM users_bin WHERE seq = ?`,
      ),
      getBinUser: db.prepare<[string], BinUserRow>('SELECT * FROM users_bin WHERE user_id = ?'),
      getBinUserBySeq: db.prepare<[number], BinUserRow>('SELECT * FROM users_bin WHERE seq = ?'),
      listBinUsers: db.prepare<[number, number], BinUserRow>(
        'SELECT * FROM users_bin WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
      findBinUsersByName: db.prepare<[string], BinUserRow>(
        'SELECT * FROM users_bin WHERE user_name = ? ORDER BY seq',
      ),
      removeBinUser: db.prepare<[number]>('DELETE FROM users_bin WHERE seq = ?'),
      countBinUsers: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users_bin'),
      oldestBinUsers: db.prepare<[number], { seq: number }>(
        'SELECT seq FROM users_bin ORDER BY recycle_date, seq LIMIT ?',
      ),
      expiredBinUsers: db.prepare<[string], { seq: number }>(
        'SELECT seq FROM users_bin WHERE delete_date <= ?',
      ),

      getKeyForAuth: db.prepare<[string], KeyWithOwner>(
        `SELECT k.*, u.user_name, u.user_id FROM access_keys k LEFT JOIN users u ON u.seq = k.user_seq
         WHERE k.access_key_id = ? AND k.${LIVE}`,
      ),
      getKey: db.prepare<[string, number | null], AccessKeyRow>(
        `SELECT * FROM access_keys WHERE access_key_id = ? AND user_seq IS ? AND ${LIVE}`,
      ),
      getAnyKey: db.prepare<[string], AccessKeyRow>(
        'SELECT * FROM access_keys WHERE access_key_id = ?',
      ),
      countKeys: db.prepare<[number | null], { n: number }>(
        `SELECT count(*) AS n FROM access_keys WHERE user_seq IS ? AND ${LIVE}`,
      ),
      listKeys: db.prepare<[number | null], AccessKeyRow>(
        `SELECT * FROM access_keys WHERE user_seq IS ? AND ${LIVE} ORDER BY create_date, rowid`,
      ),
      insertKey: db.prepare(
        `INSERT INTO access_keys (access_key_id, access_key_secret, user_seq, status, create_date, update_date)
         VALUES (@access_key_id, @access_key_secret, @user_seq, @status, @create_date, @create_date)`,
      ),
      upsertRootKey: db.prepare(
        `INSERT INTO access_keys (access_key_id, access_key_secret, user_seq, status, create_date, update_date)
         VALUES (@id, @secret, NULL, 'Active', @created, @created)
         ON CONFLICT(access_key_id) DO UPDATE SET access_key_secret = excluded.access_key_secret,
           user_seq = NULL, status = 'Active', recycle_date = NULL, delete_date = NULL`,
      ),
      setKeyStatus: db.prepare<[string, string, string]>(
        'UPDATE access_keys SET status = ?, update_date = ? WHERE access_key_id = ?',
      ),
      setKeyPolicy: db.prepare<[string | null, string]>(
        'UPDATE access_keys SET policy = ? WHERE access_key_id = ?',
      ),
      deleteKey: db.prepare<[string]>('DELETE FROM access_keys WHERE access_key_id = ?'),
      deleteUsage: db.prepare<[string]>('DELETE FROM key_usage WHERE access_key_id = ?'),
      touchKey: db.prepare<[string, string, string, string]>(
        `UPDATE access_keys SET last_used_date = ?, last_used_service = ?, last_used_ip = ?
         WHERE access_key_id = ?`,
      ),
      recordUsage: db.prepare<[string, string, string, number]>(
        `INSERT INTO key_usage (access_key_id, service_name, ip, used_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(access_key_id, service_name, ip) DO UPDATE SET used_at = excluded.used_at`,
      ),
      usage: db.prepare<[string], UsageRow>(
        'SELECT service_name, ip, used_at FROM key_usage WHERE access_key_id = ? ORDER BY used_at DESC, ip',
      ),
      disableIdleKeys: db.prepare<[{ now: string; cutoff: string }]>(
        `UPDATE access_keys SET status = 'Inactive', update_date = @now
         WHERE user_seq IS NOT NULL AND ${LIVE} AND status = 'Active'
           AND coalesce(last_used_date, create_date) <= @cutoff`,
      ),

      recycleKey: db.prepare<[string, string, string]>(
        'UPDATE access_keys SET recycle_date = ?, delete_date = ? WHERE access_key_id = ?',
      ),
      restoreKey: db.prepare<[string]>(
        'UPDATE access_keys SET recycle_date = NULL, delete_date = NULL WHERE access_key_id = ?',
      ),
      binKeysOf: db.prepare<[number], { access_key_id: string }>(
        `SELECT access_key_id FROM access_keys WHERE user_seq = ? AND recycle_date IS NOT NULL
         ORDER BY recycle_date DESC, rowid DESC`,
      ),
      binKeys: db.prepare<[{ seq: number | null }], BinKeyRow>(
        `SELECT k.*, coalesce(u.user_id, b.user_id) AS user_id, coalesce(u.user_name, b.user_name) AS user_name,
           u.seq IS NULL AS user_recycled
         FROM access_keys k LEFT JOIN users u ON u.seq = k.user_seq LEFT JOIN users_bin b ON b.seq = k.user_seq
         WHERE k.recycle_date IS NOT NULL AND (@seq IS NULL OR k.user_seq = @seq)
         ORDER BY k.recycle_date, k.rowid`,
      ),
      expiredBinKeys: db.prepare<[string], { access_key_id: string }>(
        'SELECT access_key_id FROM access_keys WHERE recycle_date IS NOT NULL AND delete_date <= ?',
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
      countAttachments: db.prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM user_policies WHERE policy_name = ?',
      ),
      detachEverywhere: db.prepare<[string]>('DELETE FROM user_policies WHERE policy_name = ?'),

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
  deleteMeta(key: string): void {
    this.s.deleteMeta.run(key);
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
  getUserById(userId: string): UserRow | undefined {
    return this.s.getUserById.get(userId);
  }
  getUserBySeq(seq: number): UserRow | undefined {
    return this.s.getUserBySeq.get(seq);
  }
  /** Live users and users in the bin share one UserId space. */
  userIdTaken(userId: string): boolean {
    return this.s.userIdTaken.get(userId, userId) !== undefined;
  }
  countUsers(): number {
    return this.s.countUsers.get()!.n;
  }
  /** Users after `afterSeq` in creation order (stable across renames). */
  listUsers(afterSeq: number, limit: number): UserRow[] {
    return this.s.listUsers.all(afterSeq, limit);
  }
  allUsers(): UserRow[] {
    return this.s.allUsers.all();
  }
  updateUser(seq: number, changes: UserChanges): void {
    this.s.updateUser.run({ ...changes, seq });
    this.changed();
  }

  // The user recycle bin
  /** Moves a live user to the bin; its keys already there stay with it. */
  recycleUser(seq: number, recycleDate: string, deleteDate: string): void {
    this.transaction(() => {
      this.s.binUser.run({ seq, recycle: recycleDate, purge: deleteDate });
      this.s.deleteUser.run(seq);
    });
    this.changed();
    this.policies.delete(seq);
  }
  restoreUser(seq: number): void {
    this.transaction(() => {
      this.s.unbinUser.run(seq);
      this.s.removeBinUser.run(seq);
    });
    this.changed();
  }
  getBinUser(userId: string): BinUserRow | undefined {
    return this.s.getBinUser.get(userId);
  }
  getBinUserBySeq(seq: number): BinUserRow | undefined {
    return this.s.getBinUserBySeq.get(seq);
  }
  listBinUsers(afterSeq: number, limit: number): BinUserRow[] {
    return this.s.listBinUsers.all(afterSeq, limit);
  }
  findBinUsersByName(userName: string): BinUserRow[] {
    return this.s.findBinUsersByName.all(userName);
  }
  countBinUsers(): number {
    return this.s.countBinUsers.get()!.n;
  }
  /** Permanently deletes a user from the bin, with every key of it (all are in the bin too). */
  purgeBinUser(seq: number): void {
    this.transaction(() => {
      for (const { access_key_id } of this.s.binKeysOf.all(seq)) this.purgeKey(access_key_id);
      this.s.removeBinUser.run(seq);
      this.extras.forgetUser(seq);
    });
    this.changed();
  }
  /** Purges the oldest users in the bin until at most `keep` remain. */
  trimUserBin(keep: number): void {
    const excess = this.countBinUsers() - keep;
    if (excess <= 0) return;
    for (const { seq } of this.s.oldestBinUsers.all(excess)) this.purgeBinUser(seq);
  }

  // AccessKeys (owner null = the account itself). Keys in the recycle bin are invisible here.
  getKeyForAuth(accessKeyId: string): KeyWithOwner | undefined {
    return this.s.getKeyForAuth.get(accessKeyId);
  }
  getKey(accessKeyId: string, owner: number | null): AccessKeyRow | undefined {
    return this.s.getKey.get(accessKeyId, owner);
  }
  /** Live or in the bin. */
  getAnyKey(accessKeyId: string): AccessKeyRow | undefined {
    return this.s.getAnyKey.get(accessKeyId);
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
  insertKey(key: NewKey): void {
    this.s.insertKey.run(key);
    this.changed();
  }
  upsertRootKey(accessKeyId: string, secret: string, createDate: string): void {
    this.s.upsertRootKey.run({ id: accessKeyId, secret, created: createDate });
    this.changed();
  }
  setKeyStatus(accessKeyId: string, status: 'Active' | 'Inactive', updateDate: string): void {
    this.s.setKeyStatus.run(status, updateDate, accessKeyId);
    this.changed();
  }
  setKeyPolicy(accessKeyId: string, policy: string | null): void {
    this.s.setKeyPolicy.run(policy, accessKeyId);
    this.changed();
  }
  /** Deletes a key for good, with its usage record. */
  purgeKey(accessKeyId: string): void {
    this.s.deleteKey.run(accessKeyId);
    this.s.deleteUsage.run(accessKeyId);
    this.changed();
  }
  /** Records a use: LastUsedDate with its service and source IP, and ActionTrail's per-IP record. */
  touchKey(accessKeyId: string, date: string, atMs: number, service: string, ip: string): void {
    this.s.touchKey.run(date, service, ip, accessKeyId);
    this.s.recordUsage.run(accessKeyId, service, ip, atMs);
    this.keysByOwner.clear();
  }
  /** An older use than the last one: ActionTrail's record only. */
  recordUsageOnly(accessKeyId: string, atMs: number, service: string, ip: string): void {
    this.s.recordUsage.run(accessKeyId, service, ip, atMs);
  }
  /** Every (service, IP) a key was used from, newest first. */
  usage(accessKeyId: string): UsageRow[] {
    return this.s.usage.all(accessKeyId);
  }
  /** RAM's idle auto-disable; returns how many keys it disabled. */
  disableIdleKeys(lastActivityAtOrBefore: string, updateDate: string): number {
    const { changes } = this.s.disableIdleKeys.run({
      now: updateDate,
      cutoff: lastActivityAtOrBefore,
    });
    if (changes > 0) this.changed();
    return changes;
  }

  // The AccessKey recycle bin (RAM-user keys only)
  /** Moves a RAM user's key to the bin; past `keepPerUser` keys there, the oldest are purged. */
  recycleKey(key: AccessKeyRow, recycleDate: string, deleteDate: string, keepPerUser: number) {
    this.transaction(() => {
      this.s.recycleKey.run(recycleDate, deleteDate, key.access_key_id);
      const inBin = this.s.binKeysOf.all(key.user_seq!);
      for (const old of inBin.slice(keepPerUser)) this.purgeKey(old.access_key_id);
    });
    this.changed();
  }
  restoreKey(accessKeyId: string): void {
    this.s.restoreKey.run(accessKeyId);
    this.changed();
  }
  /** Keys in the bin, oldest first: one user's (live or recycled) or, with null, everyone's. */
  binKeys(userSeq: number | null): BinKeyRow[] {
    return this.s.binKeys.all({ seq: userSeq });
  }
  /** Purges keys and users whose 30 days are over. */
  purgeExpired(now: string): void {
    const keys = this.s.expiredBinKeys.all(now);
    const users = this.s.expiredBinUsers.all(now);
    if (keys.length === 0 && users.length === 0) return;
    this.transaction(() => {
      for (const { access_key_id } of keys) this.purgeKey(access_key_id);
      for (const { seq } of users) this.purgeBinUser(seq);
    });
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
  /** How many users a policy is attached to. */
  countAttachments(policyName: string): number {
    return this.s.countAttachments.get(policyName)!.n;
  }
  detachEverywhere(policyName: string): void {
    this.s.detachEverywhere.run(policyName);
    this.policies.clear();
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

  /**
   * Empties users (live and in the bin), their keys, policies, groups, logons and MFA devices, and
   * the inbox; account keys other than `keepKeyId` go too, and the account-wide settings in `meta`
   * whose names are listed in `metaKeys`.
   */
  reset(keepKeyId: string, metaKeys: readonly string[]): void {
    this.transaction(() => {
      for (const table of ['user_policies', 'users', 'users_bin', 'key_usage', 'sms_messages'])
        this.db.prepare(`DELETE FROM ${table}`).run();
      this.db.prepare('DELETE FROM access_keys WHERE access_key_id <> ?').run(keepKeyId);
      this.db
        .prepare(
          `UPDATE access_keys SET status = 'Active', last_used_date = NULL, last_used_service = NULL,
           last_used_ip = NULL, policy = NULL WHERE access_key_id = ?`,
        )
        .run(keepKeyId);
      this.extras.reset();
      for (const key of metaKeys) this.s.deleteMeta.run(key);
    });
    this.changed();
    this.policies.clear();
  }
}
