import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiConfig, RamClient, RamSdk } from '../src/lib/alicloud.js';
import { startHarness, TestClock, type Agent, type Harness } from './harness.js';

// Key hygiene (age, last use, flags, filter), descriptions, the rotation wizard, the credential
// report and the member banner — against the real emulator over loopback, through the SDK.
// The emulator's clock is frozen (its `now` option; it must stay within RAM's 15-minute window of
// the real time, which the SDK signs with) so RAM's dates are exact; "100 days later" is the
// console's own injected clock moving.

const DAY = 86_400_000;

/** One SDK call signed with the given key (RAM records it as used even when it is refused). */
async function signWith(h: Harness, key: { accessKeyId: string; accessKeySecret: string }) {
  const { port } = new URL(h.emulatorUrl);
  const client = new RamClient(
    new OpenApiConfig({ ...key, endpoint: `127.0.0.1:${port}`, protocol: 'http' }),
  );
  await client.listUsers(new RamSdk.ListUsersRequest({ maxItems: 1 })).catch(() => undefined);
}

const secondsIso = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

async function createKey(admin: Agent, userName: string, description?: string) {
  const res = await admin.request('POST', `/api/users/${userName}/access-keys`, {
    ticket: await admin.verify('CreateAccessKey', userName),
    ...(description ? { body: { description } } : {}),
  });
  expect(res.status).toBe(201);
  return res.body.accessKey as { accessKeyId: string; accessKeySecret: string; createDate: string };
}

describe('age, last use and flags on every key', () => {
  let h: Harness;
  const ramClock = new TestClock();
  beforeAll(async () => {
    ramClock.t = Math.floor(Date.now() / 1000) * 1000;
    h = await startHarness({
      ramClock,
      env: { KEY_MAX_AGE_DAYS: '99', UNUSED_FOR_DAYS: '30', SESSION_TTL_MINUTES: '1440' },
    });
  });
  afterAll(async () => h?.close());

  it('computes ageDays, unusedDays and flags with the injected clock, and filters by flag', async () => {
    const admin = await h.signedIn('admin');
    const used = await createKey(admin, 'alice');
    const idle = await createKey(admin, 'bob');
    ramClock.advance(60_000);
    await signWith(h, used);

    const fresh = await admin.request('GET', '/api/users/alice/access-keys');
    expect(fresh.body.policy).toEqual({ unusedForDays: 30, olderThanDays: 90, maxAgeDays: 99 });
    expect(fresh.body.accessKeys).toEqual([
      expect.objectContaining({
        accessKeyId: used.accessKeyId,
        lastUsedDate: secondsIso(ramClock.t),
        ageDays: 0,
        unusedDays: 0,
        flags: [],
      }),
    ]);

    // 100 days later by the console's clock.
    h.clock.t = Date.parse(used.createDate) + 100 * DAY;
    const later = await h.signedIn('admin');
    const alice = await later.request('GET', '/api/users/alice/access-keys');
    expect(alice.body.accessKeys[0]).toMatchObject({
      ageDays: 100,
      unusedDays: 99,
      flags: ['unused', 'old', 'expired'],
    });
    const bob = await later.request('GET', '/api/users/bob/access-keys');
    expect(bob.body.accessKeys[0]).toMatchObject({
      accessKeyId: idle.accessKeyId,
      lastUsedDate: null,
      ageDays: 100,
      unusedDays: 100,
      flags: ['never-used', 'unused', 'old', 'expired'],
    });

    const neverUsed = await later.request('GET', '/api/users/alice/access-keys?flag=never-used');
    expect(neverUsed.body.accessKeys).toEqual([]);
    const expired = await later.request('GET', '/api/users/bob/access-keys?flag=expired');
    expect(expired.body.accessKeys.map((k: { accessKeyId: string }) => k.accessKeyId)).toEqual([
      idle.accessKeyId,
    ]);
    const bad = await later.request('GET', '/api/users/bob/access-keys?flag=stale');
    expect(bad.status).toBe(400);
    // The account's keys carry the same fields.
    const account = await later.request('GET', '/api/account/access-keys');
    expect(account.body.accessKeys[0]).toMatchObject({
      ageDays: expect.any(Number),
      flags: expect.any(Array),
    });
  });

  it("shows a member their own keys past KEY_MAX_AGE_DAYS, and nobody else's", async () => {
    const member = await h.signedIn('member');
    const res = await member.request('GET', '/api/me/expired-access-keys');
    expect(res.status).toBe(200);
    expect(res.body.maxAgeDays).toBe(99);
    expect(res.body.accessKeys).toEqual([
      expect.objectContaining({ ramUserName: 'alice', ageDays: 100 }),
    ]);
    const admin = await h.signedIn('admin');
    expect((await admin.request('GET', '/api/me/expired-access-keys')).body.accessKeys).toEqual([]);
  });
});

describe('descriptions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('are set at creation, edited with PATCH (CSRF, no ticket), audited, kept in the bin, removed with a purge', async () => {
    const admin = await h.signedIn('admin');
    const key = await createKey(admin, 'alice', 'CI deploys');
    const url = `/api/users/alice/access-keys/${key.accessKeyId}`;
    const list = async () => (await admin.request('GET', '/api/users/alice/access-keys')).body;
    expect((await list()).accessKeys[0].description).toBe('CI deploys');

    const noCsrf = await admin.request('PATCH', url, { body: { description: 'x' }, csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.code).toBe('CsrfTokenInvalid');

    expect(
      (await admin.request('PATCH', url, { body: { description: 'Billing exporter' } })).status,
    ).toBe(204);
    expect((await list()).accessKeys[0].description).toBe('Billing exporter');
    const tooLong = await admin.request('PATCH', url, { body: { description: 'x'.repeat(201) } });
    expect(tooLong.status).toBe(400);
    const empty = await admin.request('PATCH', url, { body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.issues[0].path).toBe('status');

    // Enable with a description but no ticket: refused, and neither change is made.
    await admin.request('PATCH', url, { body: { status: 'Inactive' } });
    const refused = await admin.request('PATCH', url, {
      body: { status: 'Active', description: 'changed' },
    });
    expect(refused.status).toBe(403);
    expect((await list()).accessKeys[0]).toMatchObject({
      status: 'Inactive',
      description: 'Billing exporter',
    });

    // A member labels only their own RAM user's keys, and only keys RAM lists for that user.
    const member = await h.signedIn('member');
    const bobKey = await createKey(admin, 'bob');
    expect(
      (
        await member.request('PATCH', `/api/users/bob/access-keys/${bobKey.accessKeyId}`, {
          body: { description: 'mine' },
        })
      ).status,
    ).toBe(403);
    const foreign = await member.request(
      'PATCH',
      `/api/users/alice/access-keys/${bobKey.accessKeyId}`,
      {
        body: { description: 'mine' },
      },
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('EntityNotExist.User.AccessKey');

    expect((await member.request('PATCH', url, { body: { description: '' } })).status).toBe(204);
    expect((await list()).accessKeys[0].description).toBeNull();

    const audit = await admin.request('GET', '/api/audit-events?action=UpdateAccessKeyDescription');
    expect(
      audit.body.events.map((e: { outcome: string; operator: string }) => [e.operator, e.outcome]),
    ).toEqual([
      ['mia', 'success'],
      ['mia', 'failure'],
      ['admin', 'success'],
    ]);
    expect(JSON.stringify(audit.body)).not.toContain(key.accessKeySecret);

    // A RAM user's deleted key waits in RAM's recycle bin: its description stays for a restore,
    // and goes with Delete permanently.
    await admin.request('PATCH', url, { body: { description: 'gone soon' } });
    expect(
      (
        await admin.request('DELETE', url, {
          ticket: await admin.verify('DeleteAccessKey', 'alice'),
        })
      ).status,
    ).toBe(204);
    const described = async () =>
      (await h.db.selectFrom('key_descriptions').selectAll().execute()).map((r) => r.access_key_id);
    expect(await described()).toContain(key.accessKeyId);
    expect(
      (
        await admin.request('DELETE', `/api/users/alice/recycle-bin/${key.accessKeyId}`, {
          ticket: await admin.verify('PurgeAccessKey', 'alice'),
        })
      ).status,
    ).toBe(204);
    expect(await described()).not.toContain(key.accessKeyId);
  });
});

describe('rotation wizard', () => {
  let h: Harness;
  const ramClock = new TestClock();
  beforeAll(async () => {
    ramClock.t = Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000;
    h = await startHarness({
      ramClock,
      env: { ROTATION_GRACE_MINUTES: '60', SESSION_TTL_MINUTES: '1440' },
    });
  });
  afterAll(async () => h?.close());
  afterEach(() => {
    expect(Math.abs(ramClock.t - Date.now())).toBeLessThan(15 * 60_000);
  });

  it('refuses to start at 2 keys or at none, with the reason', async () => {
    const admin = await h.signedIn('admin');
    const none = await admin.request('POST', '/api/users/bob/rotation');
    expect(none.status).toBe(409);
    expect(none.body).toMatchObject({
      code: 'RotationCannotStart',
      details: { reason: 'noAccessKey' },
    });
    expect(none.body.message).toMatch(/no AccessKey to rotate/);
    await createKey(admin, 'bob');
    await createKey(admin, 'bob');
    const got = await admin.request('GET', '/api/users/bob/rotation');
    expect(got.body).toMatchObject({ rotation: null, gracePeriodMinutes: 60 });
    expect(got.body.cannotStartReason).toBe('tooManyKeys');
    const two = await admin.request('POST', '/api/users/bob/rotation');
    expect(two.status).toBe(409);
    expect(two.body).toMatchObject({
      code: 'RotationCannotStart',
      details: { reason: 'tooManyKeys' },
    });
    expect(two.body.message).toMatch(/already has 2 AccessKeys/);
    const member = await h.signedIn('member');
    expect((await member.request('GET', '/api/users/bob/rotation')).status).toBe(403);
  });

  it('walks create → adopt → disable → grace → delete, resumable after a restart, each step audited', async () => {
    const admin = await h.signedIn('admin');
    const old = await createKey(admin, 'alice');
    await signWith(h, old);
    const member = await h.signedIn('member');
    const base = '/api/users/alice/rotation';

    // (0) start: the member rotates their own RAM user's key.
    const started = await member.request('POST', base);
    expect(started.status).toBe(201);
    expect(started.body.rotation).toMatchObject({
      ramUserName: 'alice',
      oldAccessKeyId: old.accessKeyId,
      newAccessKeyId: null,
      step: 'create-new-key',
      state: 'active',
      startedBy: 'mia',
    });
    expect((await member.request('POST', base)).status).toBe(409);
    // Steps out of order are refused.
    expect((await member.request('POST', `${base}/disable-old-key`)).status).toBe(409);

    // (1) the new key: the normal verified create.
    const noTicket = await member.request('POST', `${base}/new-key`);
    expect(noTicket.status).toBe(403);
    expect(noTicket.body.code).toBe('VerificationRequired');
    const created = await member.request('POST', `${base}/new-key`, {
      body: { description: 'rotated' },
      ticket: await member.verify('CreateAccessKey', 'alice'),
    });
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const fresh = created.body.accessKey as { accessKeyId: string; accessKeySecret: string };

    // A restart in the middle: the state is on the server.
    await h.restart();
    const m2 = await h.signedIn('member');
    let state = (await m2.request('GET', base)).body;
    expect(state.rotation).toMatchObject({ step: 'adopt', newAccessKeyId: fresh.accessKeyId });
    expect(state.newKeyAdopted).toBe(false);
    expect(state.accessKeys.map((k: { accessKeyId: string }) => k.accessKeyId).sort()).toEqual(
      [old.accessKeyId, fresh.accessKeyId].sort(),
    );
    expect(
      state.accessKeys.find((k: { accessKeyId: string }) => k.accessKeyId === fresh.accessKeyId)
        .description,
    ).toBe('rotated');

    // (2) adoption: the new key signs a call later than the old key's last use.
    ramClock.advance(2 * 60_000);
    await signWith(h, fresh);
    state = (await m2.request('GET', base)).body;
    expect(state.newKeyAdopted).toBe(true);
    // The old key used again afterwards: not adopted any more.
    ramClock.advance(60_000);
    await signWith(h, old);
    expect((await m2.request('GET', base)).body.newKeyAdopted).toBe(false);
    ramClock.advance(60_000);
    await signWith(h, fresh);
    expect((await m2.request('GET', base)).body.newKeyAdopted).toBe(true);

    // (3) disable the old key (no ticket).
    expect((await m2.request('POST', `${base}/disable-old-key`)).status).toBe(204);
    state = (await m2.request('GET', base)).body;
    expect(state.rotation.step).toBe('delete-old');
    expect(
      state.accessKeys.find((k: { accessKeyId: string }) => k.accessKeyId === old.accessKeyId)
        .status,
    ).toBe('Inactive');
    const disabledAt = Date.parse(state.rotation.oldKeyDisabledAt);
    expect(Date.parse(state.rotation.deleteAllowedAt)).toBe(disabledAt + 60 * 60_000);
    expect(state.oldKeyDeletable).toBe(false);

    // (4) delete: not before the grace period ends (the ticket is not spent), then with a ticket.
    const ticket = await m2.verify('DeleteAccessKey', 'alice');
    const early = await m2.request('POST', `${base}/delete-old-key`, { ticket });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      code: 'RotationStepRefused',
      details: { reason: 'gracePeriod', deleteAllowedAt: state.rotation.deleteAllowedAt },
    });
    expect(early.body.message).toMatch(/grace period/);
    h.clock.t = Date.parse(state.rotation.deleteAllowedAt);
    const m3 = await h.signedIn('member');
    expect((await m3.request('GET', base)).body.oldKeyDeletable).toBe(true);
    expect((await m3.request('POST', `${base}/delete-old-key`)).status).toBe(403);
    const done = await m3.request('POST', `${base}/delete-old-key`, {
      ticket: await m3.verify('DeleteAccessKey', 'alice'),
    });
    expect(done.status).toBe(204);
    state = (await m3.request('GET', base)).body;
    expect(state.rotation).toMatchObject({ step: 'completed', state: 'completed' });
    expect(state.accessKeys.map((k: { accessKeyId: string }) => k.accessKeyId)).toEqual([
      fresh.accessKeyId,
    ]);
    expect(state.cannotStartReason).toBeNull();

    const admin2 = await h.signedIn('admin');
    const audit = await admin2.request('GET', '/api/audit-events?ramUserName=alice&limit=100');
    const trail = audit.body.events
      .filter(
        (e: { operator: string; action: string }) =>
          e.operator === 'mia' && e.action !== 'SendVerificationCode',
      )
      .map((e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`)
      .reverse();
    expect(trail).toEqual([
      'RotationStart:success',
      'RotationStart:failure',
      'RotationDisableOldKey:failure',
      'CreateAccessKey:failure',
      'CreateAccessKey:success',
      'RotationCreateNewKey:success',
      'DisableAccessKey:success',
      'RotationDisableOldKey:success',
      'RotationDeleteOldKey:failure',
      'DeleteAccessKey:failure',
      'DeleteAccessKey:success',
      'RotationDeleteOldKey:success',
    ]);
    expect(JSON.stringify(audit.body)).not.toContain(fresh.accessKeySecret);
  });

  it('can be cancelled, and then started again', async () => {
    const admin = await h.signedIn('admin');
    await admin.request(
      'DELETE',
      `/api/users/bob/access-keys/${(await admin.request('GET', '/api/users/bob/access-keys')).body.accessKeys[0].accessKeyId}`,
      {
        ticket: await admin.verify('DeleteAccessKey', 'bob'),
      },
    );
    expect((await admin.request('POST', '/api/users/bob/rotation')).status).toBe(201);
    expect((await admin.request('DELETE', '/api/users/bob/rotation')).status).toBe(204);
    expect((await admin.request('GET', '/api/users/bob/rotation')).body.rotation.state).toBe(
      'cancelled',
    );
    expect((await admin.request('DELETE', '/api/users/bob/rotation')).status).toBe(409);
    expect((await admin.request('POST', '/api/users/bob/rotation')).status).toBe(201);
  });
});

describe('credential report', () => {
  let h: Harness;
  const ramClock = new TestClock();
  beforeAll(async () => {
    ramClock.t = Math.floor(Date.now() / 1000) * 1000;
    h = await startHarness({
      ramClock,
      env: { KEY_MAX_AGE_DAYS: '365', SESSION_TTL_MINUTES: '1440' },
    });
  });
  afterAll(async () => h?.close());

  it('writes one row per RAM user and key, the account first, exact bytes', async () => {
    const admin = await h.signedIn('admin');
    const a1 = await createKey(admin, 'alice', 'deploy, "prod"');
    const a2 = await createKey(admin, 'alice');
    await signWith(h, a2);
    const t0 = secondsIso(ramClock.t);
    h.clock.t = ramClock.t + 100 * DAY;
    const later = await h.signedIn('admin');

    const res = await later.request('GET', '/api/reports/credentials.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="credential-report-${new Date(h.clock.t).toISOString().slice(0, 10)}.csv"`,
    );
    const root = h.emulator.emulator.rootCredentials.accessKeyId;
    expect(Buffer.from(res.text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.text.startsWith('\uFEFF') && res.text.endsWith('\r\n')).toBe(true);
    const lines = res.text.slice(1, -2).split('\r\n');
    expect(lines).toEqual([
      'user,display_name,access_key_id,status,created,age_days,last_used,last_used_service,description,flags',
      // The console's own key: last used by whichever of its own calls came last.
      expect.stringMatching(
        new RegExp(
          `^<account>,ram-console-demo,${root},Active,${t0},100,${t0},(Ram|Ims|Sts),,unused;old$`,
        ),
      ),
      `alice,Alice,${a1.accessKeyId},Active,${t0},100,,,"deploy, ""prod""",never-used;unused;old`,
      `alice,Alice,${a2.accessKeyId},Active,${t0},100,${t0},Ram,,unused;old`,
      'bob,Bob,,,,,,,,',
    ]);
    expect(res.text).not.toContain(a1.accessKeySecret);

    const json = await later.request('GET', '/api/reports/credentials');
    expect(json.body.summary).toEqual({
      users: 2,
      keys: 3,
      neverUsed: 1,
      unused: 3,
      old: 3,
      expired: 0,
      idleDisableSoon: 0,
    });
    expect(json.body.rows).toHaveLength(4);

    const member = await h.signedIn('member');
    expect((await member.request('GET', '/api/reports/credentials.csv')).status).toBe(403);
    expect((await member.request('GET', '/api/reports/credentials')).status).toBe(403);
  });
});
