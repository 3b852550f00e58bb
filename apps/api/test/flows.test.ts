import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { databaseContents } from './support/database.js';

describe('AccessKey flows through HTTP, the SDK and the emulator', () => {
  let h: Harness;
  const secrets: string[] = [];
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('account keys: verify, create (secret once, no-store), list, disable, enable, delete', async () => {
    const admin = await h.signedIn('admin');
    const before = await admin.request('GET', '/api/account/access-keys');
    expect(before.status).toBe(200);
    expect(before.body.limit).toBe(5);
    const ticket = await admin.verify('CreateAccessKey');
    const created = await admin.request('POST', '/api/account/access-keys', {
      ticket,
      body: { description: 'deploy bot' },
    });
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const { accessKeyId, accessKeySecret } = created.body.accessKey;
    expect(accessKeyId).toMatch(/^LTAI[A-Za-z0-9]{20}$/);
    expect(accessKeySecret).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(created.body.userPrincipalName).toBeNull();
    secrets.push(accessKeySecret);

    const listed = await admin.request('GET', '/api/account/access-keys');
    const row = listed.body.accessKeys.find(
      (k: { accessKeyId: string }) => k.accessKeyId === accessKeyId,
    );
    expect(row).toMatchObject({ status: 'Active', description: 'deploy bot' });
    expect(listed.text).not.toContain(accessKeySecret);

    // The ticket was single use.
    const again = await admin.request('POST', '/api/account/access-keys', { ticket, body: {} });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('VerificationRequired');

    const disabled = await admin.request('PATCH', `/api/account/access-keys/${accessKeyId}`, {
      body: { status: 'Inactive' },
    });
    expect(disabled.status).toBe(204);
    const enableNoTicket = await admin.request('PATCH', `/api/account/access-keys/${accessKeyId}`, {
      body: { status: 'Active' },
    });
    expect(enableNoTicket.status).toBe(403);
    const enabled = await admin.request('PATCH', `/api/account/access-keys/${accessKeyId}`, {
      body: { status: 'Active' },
      ticket: await admin.verify('EnableAccessKey'),
    });
    expect(enabled.status).toBe(204);
    await admin.request('PATCH', `/api/account/access-keys/${accessKeyId}`, {
      body: { status: 'Inactive' },
    });
    const deleted = await admin.request('DELETE', `/api/account/access-keys/${accessKeyId}`, {
      ticket: await admin.verify('DeleteAccessKey'),
    });
    expect(deleted.status).toBe(204);
    const after = await admin.request('GET', '/api/account/access-keys');
    expect(after.body.accessKeys.map((k: { accessKeyId: string }) => k.accessKeyId)).not.toContain(
      accessKeyId,
    );
  });

  it("the console's own AccessKey is listed but cannot be disabled or deleted", async () => {
    const admin = await h.signedIn('admin');
    const own = h.emulator.emulator.rootCredentials.accessKeyId;
    const listed = await admin.request('GET', '/api/account/access-keys');
    const row = listed.body.accessKeys.find((k: { accessKeyId: string }) => k.accessKeyId === own);
    // It signs every console call, so RAM reports it as used.
    expect(row).toMatchObject({
      status: 'Active',
      lastUsedDate: expect.any(String),
      usedByConsole: true,
    });
    // Only that one is marked.
    expect(
      listed.body.accessKeys.filter((k: { usedByConsole: boolean }) => k.usedByConsole),
    ).toHaveLength(1);
    const disable = await admin.request('PATCH', `/api/account/access-keys/${own}`, {
      body: { status: 'Inactive' },
    });
    expect(disable.status).toBe(409);
    expect(disable.body).toMatchObject({
      code: 'AccessKeyProtected',
      details: { reason: 'usedByConsole' },
    });
    const del = await admin.request('DELETE', `/api/account/access-keys/${own}`, {
      ticket: await admin.verify('DeleteAccessKey'),
    });
    expect(del.status).toBe(409);
    expect(del.body.details).toEqual({ reason: 'usedByConsole' });
    expect((await admin.request('GET', '/api/health')).status).toBe(200);
  });

  it('RAM user keys: a member manages their own RAM user', async () => {
    const member = await h.signedIn('member');
    const ticket = await member.verify('CreateAccessKey', 'alice');
    const created = await member.request('POST', '/api/users/alice/access-keys', { ticket });
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.body.userPrincipalName).toMatch(/^alice@.+\.onaliyun\.com$/);
    const { accessKeyId, accessKeySecret } = created.body.accessKey;
    secrets.push(accessKeySecret);

    const listed = await member.request('GET', '/api/users/alice/access-keys');
    expect(listed.status).toBe(200);
    expect(listed.body.limit).toBe(2);
    expect(listed.body.accessKeys).toEqual([
      expect.objectContaining({
        accessKeyId,
        status: 'Active',
        lastUsedDate: null,
        description: null,
      }),
    ]);
    expect(listed.text).not.toContain(accessKeySecret);

    expect(
      (
        await member.request('PATCH', `/api/users/alice/access-keys/${accessKeyId}`, {
          body: { status: 'Inactive' },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await member.request('PATCH', `/api/users/alice/access-keys/${accessKeyId}`, {
          body: { status: 'Active' },
          ticket: await member.verify('EnableAccessKey', 'alice'),
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await member.request('DELETE', `/api/users/alice/access-keys/${accessKeyId}`, {
          ticket: await member.verify('DeleteAccessKey', 'alice'),
        })
      ).status,
    ).toBe(204);
    const after = await member.request('GET', '/api/users/alice/access-keys');
    expect(after.body.accessKeys).toEqual([]);
  });

  it("RAM's own errors keep their code and status (LimitExceeded.User.AccessKey 409)", async () => {
    const admin = await h.signedIn('admin');
    for (let i = 0; i < 2; i++) {
      const r = await admin.request('POST', '/api/users/bob/access-keys', {
        ticket: await admin.verify('CreateAccessKey', 'bob'),
      });
      expect(r.status).toBe(201);
      secrets.push(r.body.accessKey.accessKeySecret);
    }
    const third = await admin.request('POST', '/api/users/bob/access-keys', {
      ticket: await admin.verify('CreateAccessKey', 'bob'),
    });
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ code: 'LimitExceeded.User.AccessKey' });
    expect(third.body.ramRequestId).toEqual(expect.any(String));
  });

  it('users: create, list, search, get, delete (keys first) with a DeleteUser ticket', async () => {
    const admin = await h.signedIn('admin');
    const created = await admin.request('POST', '/api/users', {
      body: { userName: 'temp-user', displayName: 'Temp User', comments: 'to delete' },
    });
    expect(created.status).toBe(201);
    expect(created.body.user.userPrincipalName).toMatch(/^temp-user@/);
    const dup = await admin.request('POST', '/api/users', {
      body: { userName: 'temp-user', displayName: 'Temp User' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('EntityAlreadyExists.User');

    const list = await admin.request('GET', '/api/users?maxItems=2');
    expect(list.status).toBe(200);
    expect(list.body.users).toHaveLength(2);
    expect(list.body.isTruncated).toBe(true);
    const next = await admin.request(
      'GET',
      `/api/users?maxItems=2&marker=${encodeURIComponent(list.body.marker)}`,
    );
    expect(next.status).toBe(200);
    const search = await admin.request('GET', '/api/users?q=TEMP');
    expect(search.body.users.map((u: { userName: string }) => u.userName)).toEqual(['temp-user']);
    expect(search.body.total).toBe(1);

    // The total of the whole list, whatever the page size; sorted pages from the directory.
    const names = (r: { body: { users: { userName: string }[] } }) =>
      r.body.users.map((u) => u.userName);
    const everyone = await admin.request('GET', '/api/users?maxItems=1000');
    expect(list.body.total).toBe(everyone.body.users.length);
    const byName = await admin.request('GET', '/api/users?sort=userName&maxItems=1000');
    expect(names(byName)).toEqual([...names(everyone)].sort());
    const byNameDesc = await admin.request('GET', '/api/users?sort=-userName&maxItems=2');
    expect(names(byNameDesc)).toEqual([...names(everyone)].sort().reverse().slice(0, 2));
    expect(byNameDesc.body).toMatchObject({ isTruncated: true, total: everyone.body.users.length });
    const secondPage = await admin.request(
      'GET',
      `/api/users?sort=-userName&maxItems=2&marker=${encodeURIComponent(byNameDesc.body.marker)}`,
    );
    expect(names(secondPage)).toEqual([...names(everyone)].sort().reverse().slice(2, 4));
    // Newest first. RAM's CreateDate has whole seconds, so the seeded users and temp-user may
    // share one: the order is by date, and temp-user's date is the first.
    const newest = await admin.request('GET', '/api/users?sort=-createDate&maxItems=1000');
    const dates = (newest.body.users as { createDate: string }[]).map((u) => u.createDate);
    expect(dates).toEqual([...dates].sort().reverse());
    const temp = (newest.body.users as { userName: string; createDate: string }[]).find(
      (u) => u.userName === 'temp-user',
    );
    expect(temp?.createDate).toBe(dates[0]);
    // A sorted list's marker is the console's own: without sort it is refused, not misread.
    expect(
      (
        await admin.request(
          'GET',
          `/api/users?marker=${encodeURIComponent(byNameDesc.body.marker)}`,
        )
      ).status,
    ).toBe(400);

    const key = await admin.request('POST', '/api/users/temp-user/access-keys', {
      ticket: await admin.verify('CreateAccessKey', 'temp-user'),
    });
    expect(key.status).toBe(201);
    secrets.push(key.body.accessKey.accessKeySecret);

    const noTicket = await admin.request('DELETE', '/api/users/temp-user');
    expect(noTicket.status).toBe(403);
    const deleted = await admin.request('DELETE', '/api/users/temp-user', {
      ticket: await admin.verify('DeleteUser', 'temp-user'),
    });
    expect(deleted.status).toBe(204);
    const keyRows = await admin.request('GET', '/api/audit-events?ramUserName=temp-user');
    expect(keyRows.body.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'DeleteAccessKey',
          accessKeyId: key.body.accessKey.accessKeyId,
          outcome: 'success',
        }),
        expect.objectContaining({ action: 'DeleteUser', outcome: 'success' }),
      ]),
    );
    const gone = await admin.request('GET', '/api/users/temp-user');
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('EntityNotExist.User');
  });

  it('audit rows exist for every sensitive action; the CSV has them too', async () => {
    const admin = await h.signedIn('admin');
    const res = await admin.request('GET', '/api/audit-events?limit=500');
    expect(res.status).toBe(200);
    const actions = new Set(res.body.events.map((e: { action: string }) => e.action));
    for (const a of [
      'Login',
      'CreateAccessKey',
      'DisableAccessKey',
      'EnableAccessKey',
      'DeleteAccessKey',
      'CreateUser',
      'DeleteUser',
    ]) {
      expect(actions).toContain(a);
    }
    const failed = res.body.events.find(
      (e: { action: string; outcome: string; errorCode: string }) =>
        e.action === 'CreateAccessKey' && e.errorCode === 'LimitExceeded.User.AccessKey',
    );
    expect(failed).toMatchObject({ outcome: 'failure', ramUserName: 'bob' });
    expect(failed.ramRequestId).toEqual(expect.any(String));
    // A refused ticket is audited too (written with the refusal, in one transaction).
    expect(
      res.body.events.some(
        (e: { action: string; errorCode: string }) =>
          e.action === 'CreateAccessKey' && e.errorCode === 'VerificationRequired',
      ),
    ).toBe(true);
    expect(
      res.body.events.some(
        (e: { action: string; errorCode: string }) =>
          e.action === 'EnableAccessKey' && e.errorCode === 'VerificationRequired',
      ),
    ).toBe(true);
    const csv = await admin.request('GET', '/api/audit-events.csv?action=CreateAccessKey');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(
      '\uFEFFid,time,operator,action,targetOperator,ramUserName,accessKeyId,outcome,errorCode,verification,requestId,ramRequestId,ip',
    );
  });

  it('no secret in any log line or in the database file', async () => {
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const logs = h.logLines.join('');
    expect(logs.length).toBeGreaterThan(1000);
    for (const s of secrets) expect(logs).not.toContain(s);
    // Nor the verification tickets, session ids or CSRF tokens.
    expect(h.issuedTickets.length).toBeGreaterThan(5);
    for (const t of h.issuedTickets) expect(logs).not.toContain(t);
    const sessions = await h.db.selectFrom('sessions').select('csrf_token').execute();
    for (const s of sessions) expect(logs).not.toContain(s.csrf_token);
    // Flush SQLite's WAL so the main file holds everything, then scan the whole database (every
    // file of SQLite's, every row of PostgreSQL's).
    await h.restart();
    const contents = await databaseContents(h.database);
    expect(contents.includes(Buffer.from('CreateAccessKey'))).toBe(true); // the scan sees rows
    for (const s of secrets) expect(contents.includes(Buffer.from(s))).toBe(false);
  });
});
