import type Database from 'better-sqlite3';

/**
 * What a RAM user can carry besides keys and policies, read by no call on the hot path: groups,
 * a console logon (login profile; the password itself is never stored), a virtual MFA device, and
 * the account's custom policies. Enough for Terraform's `force = true` user delete and for a
 * custom policy attachment.
 */

export interface GroupRow {
  seq: number;
  group_id: string;
  group_name: string;
  comments: string;
  create_date: string;
  update_date: string;
}

export interface MembershipRow extends GroupRow {
  join_date: string;
}

export interface LoginProfileRow {
  user_seq: number;
  password_reset_required: number;
  mfa_bind_required: number;
  create_date: string;
}

export interface MfaDeviceRow {
  serial_number: string;
  seed: string;
  user_seq: number | null;
  create_date: string;
  bind_date: string | null;
}

export interface CustomPolicyRow {
  policy_name: string;
  description: string;
  document: string;
  create_date: string;
  update_date: string;
}

export class IdentityExtras {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      insertGroup: db.prepare(
        `INSERT INTO groups (group_id, group_name, comments, create_date, update_date)
         VALUES (@group_id, @group_name, @comments, @create_date, @create_date)`,
      ),
      getGroup: db.prepare<[string], GroupRow>('SELECT * FROM groups WHERE group_name = ?'),
      deleteGroup: db.prepare<[number]>('DELETE FROM groups WHERE seq = ?'),
      countGroups: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM groups'),
      addMember: db.prepare<[number, number, string]>(
        'INSERT INTO group_members (group_seq, user_seq, join_date) VALUES (?, ?, ?)',
      ),
      removeMember: db.prepare<[number, number]>(
        'DELETE FROM group_members WHERE group_seq = ? AND user_seq = ?',
      ),
      countMembers: db.prepare<[number], { n: number }>(
        'SELECT count(*) AS n FROM group_members WHERE group_seq = ?',
      ),
      groupsOf: db.prepare<[number], MembershipRow>(
        `SELECT g.*, m.join_date FROM group_members m JOIN groups g ON g.seq = m.group_seq
         WHERE m.user_seq = ? ORDER BY m.join_date, g.seq`,
      ),

      getLoginProfile: db.prepare<[number], LoginProfileRow>(
        'SELECT * FROM login_profiles WHERE user_seq = ?',
      ),
      insertLoginProfile: db.prepare(
        `INSERT INTO login_profiles (user_seq, password_reset_required, mfa_bind_required, create_date)
         VALUES (@user_seq, @password_reset_required, @mfa_bind_required, @create_date)`,
      ),
      deleteLoginProfile: db.prepare<[number]>('DELETE FROM login_profiles WHERE user_seq = ?'),

      insertMfa: db.prepare<[string, string, string]>(
        'INSERT INTO virtual_mfa_devices (serial_number, seed, create_date) VALUES (?, ?, ?)',
      ),
      getMfa: db.prepare<[string], MfaDeviceRow>(
        'SELECT * FROM virtual_mfa_devices WHERE serial_number = ?',
      ),
      mfaOf: db.prepare<[number], MfaDeviceRow>(
        'SELECT * FROM virtual_mfa_devices WHERE user_seq = ?',
      ),
      bindMfa: db.prepare<[number, string, string]>(
        'UPDATE virtual_mfa_devices SET user_seq = ?, bind_date = ? WHERE serial_number = ?',
      ),
      unbindMfa: db.prepare<[number]>(
        'UPDATE virtual_mfa_devices SET user_seq = NULL, bind_date = NULL WHERE user_seq = ?',
      ),
      countMfa: db.prepare<[], { n: number; used: number }>(
        'SELECT count(*) AS n, count(user_seq) AS used FROM virtual_mfa_devices',
      ),

      insertPolicy: db.prepare(
        `INSERT INTO custom_policies (policy_name, description, document, create_date, update_date)
         VALUES (@policy_name, @description, @document, @create_date, @create_date)`,
      ),
      getPolicy: db.prepare<[string], CustomPolicyRow>(
        'SELECT * FROM custom_policies WHERE policy_name = ?',
      ),
      deletePolicy: db.prepare<[string]>('DELETE FROM custom_policies WHERE policy_name = ?'),
      countPolicies: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM custom_policies'),
    };
  }

  // Groups
  insertGroup(group: Omit<GroupRow, 'seq' | 'update_date'>): GroupRow {
    const { lastInsertRowid } = this.s.insertGroup.run(group);
    return { ...group, seq: Number(lastInsertRowid), update_date: group.create_date };
  }
  getGroup(groupName: string): GroupRow | undefined {
    return this.s.getGroup.get(groupName);
  }
  deleteGroup(seq: number): void {
    this.s.deleteGroup.run(seq);
  }
  countGroups(): number {
    return this.s.countGroups.get()!.n;
  }
  addMember(groupSeq: number, userSeq: number, joinDate: string): void {
    this.s.addMember.run(groupSeq, userSeq, joinDate);
  }
  /** Returns whether the user was a member. */
  removeMember(groupSeq: number, userSeq: number): boolean {
    return this.s.removeMember.run(groupSeq, userSeq).changes > 0;
  }
  countMembers(groupSeq: number): number {
    return this.s.countMembers.get(groupSeq)!.n;
  }
  groupsOf(userSeq: number): MembershipRow[] {
    return this.s.groupsOf.all(userSeq);
  }

  // Console logon
  getLoginProfile(userSeq: number): LoginProfileRow | undefined {
    return this.s.getLoginProfile.get(userSeq);
  }
  insertLoginProfile(profile: LoginProfileRow): void {
    this.s.insertLoginProfile.run(profile);
  }
  /** Returns whether there was one. */
  deleteLoginProfile(userSeq: number): boolean {
    return this.s.deleteLoginProfile.run(userSeq).changes > 0;
  }

  // Virtual MFA devices
  insertMfaDevice(serialNumber: string, seed: string, createDate: string): void {
    this.s.insertMfa.run(serialNumber, seed, createDate);
  }
  getMfaDevice(serialNumber: string): MfaDeviceRow | undefined {
    return this.s.getMfa.get(serialNumber);
  }
  mfaDeviceOf(userSeq: number): MfaDeviceRow | undefined {
    return this.s.mfaOf.get(userSeq);
  }
  bindMfaDevice(serialNumber: string, userSeq: number, bindDate: string): void {
    this.s.bindMfa.run(userSeq, bindDate, serialNumber);
  }
  unbindMfaDevice(userSeq: number): void {
    this.s.unbindMfa.run(userSeq);
  }
  countMfaDevices(): { total: number; inUse: number } {
    const { n, used } = this.s.countMfa.get()!;
    return { total: n, inUse: used };
  }

  // Custom policies
  insertPolicy(policy: Omit<CustomPolicyRow, 'update_date'>): void {
    this.s.insertPolicy.run(policy);
  }
  getPolicy(policyName: string): CustomPolicyRow | undefined {
    return this.s.getPolicy.get(policyName);
  }
  deletePolicy(policyName: string): void {
    this.s.deletePolicy.run(policyName);
  }
  countPolicies(): number {
    return this.s.countPolicies.get()!.n;
  }

  /** A user purged for good leaves nothing behind. */
  forgetUser(userSeq: number): void {
    this.db.prepare('DELETE FROM group_members WHERE user_seq = ?').run(userSeq);
    this.s.deleteLoginProfile.run(userSeq);
    this.s.unbindMfa.run(userSeq);
  }

  reset(): void {
    for (const table of [
      'group_members',
      'groups',
      'login_profiles',
      'virtual_mfa_devices',
      'custom_policies',
    ])
      this.db.prepare(`DELETE FROM ${table}`).run();
  }
}
