/**
 * Issue 13 through the console API against the emulator: the last use's service, the idle-disable
 * flag, security preferences, network restriction with its dry run and the console lock-out
 * guard, where a key was used, and the recycle bins.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenApiConfig, RamClient } from '../src/lib/alicloud.js';
import { startHarness, type Agent, type Harness } from './harness.js';

const DAY = 86_400_000;

function ramAs(h: Harness, key: { accessKeyId: string; accessKeySecret: string }) {
  const { host } = new URL(h.emulatorUrl);
  return new RamClient(new OpenApiConfig({ ...key, endpoint: host, protocol: 'http' }));
}
/** One signed call with the key (a NoPermission answer still counts as a use). */
const signWith = (h: Harness, key: { accessKeyId: string; accessKeySecret: string }) =>
  ramAs(h, key)
    .getAccountAlias()
    .then(
      () => 'ok',
      (err: { code?: string }) => String(err.code),
    );

describe('issue 13 in the console API', () => {
  let h: Harness;
  let admin: Agent;
  let member: Agent;

  beforeAll(async () => {
    // Each verification moves the console's clock 13 minutes: sessions must outlast several.
    h = await startHarness({ env: { SESSION_TTL_MINUTES: '1440' } });
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    admin = await h.signedIn('admin');
    member = await h.signedIn('member');
  });

  async function createKey(userName: string) {
    const res = await admin.request('POST', `/api/users/${userName}/access-keys`, {
      body: {},
      ticket: await admin.verify('CreateAccessKey', userName),
    });
    expect(res.status).toBe(201);
    return res.body.accessKey as { accessKeyId: string; accessKeySecret: string };
  }
  const keysOf = async (userName: string) =>
    (await admin.request('GET', `/api/users/${userName}/access-keys`)).body.accessKeys as {
      accessKeyId: string;
      lastUsedService: string | null;
      flags: string[];
      idleDisableDate: string | null;
    }[];
  async function deleteKey(userName: string, accessKeyId: string) {
    const res = await admin.request('DELETE', `/api/users/${userName}/access-keys/${accessKeyId}`, {
      ticket: await admin.verify('DeleteAccessKey', userName),
    });
    expect(res.status).toBe(204);
  }

  it('shows the service of each key’s last use', async () => {
    const key = await createKey('alice');
    expect((await keysOf('alice')).find((k) => k.accessKeyId === key.accessKeyId)).toMatchObject({
      lastUsedService: null,
    });
    await signWith(h, key);
    h.clock.advance(60_000); // past the last-used cache window
    expect((await keysOf('alice')).find((k) => k.accessKeyId === key.accessKeyId)).toMatchObject({
      lastUsedService: 'Ram',
    });
    await deleteKey('alice', key.accessKeyId);
  });

  it('reads and saves the security preferences (admins, with a ticket) and flags keys RAM will disable', async () => {
    expect((await admin.request('GET', '/api/security-preferences')).body).toEqual({
      allowUserToManageAccessKeys: false,
      maxIdleDaysForAccessKeys: 730,
    });
    const prefs = { allowUserToManageAccessKeys: true, maxIdleDaysForAccessKeys: 90 };
    const noTicket = await admin.request('PUT', '/api/security-preferences', { body: prefs });
    expect(noTicket.status).toBe(403);
    expect(noTicket.body.code).toBe('VerificationRequired');
    const bad = await admin.request('PUT', '/api/security-preferences', {
      body: { ...prefs, maxIdleDaysForAccessKeys: 100 },
      ticket: await admin.verify('SetSecurityPreferences'),
    });
    expect(bad.status).toBe(400);
    const saved = await admin.request('PUT', '/api/security-preferences', {
      body: prefs,
      ticket: await admin.verify('SetSecurityPreferences'),
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual(prefs);
    expect((await admin.request('GET', '/api/security-preferences')).body).toEqual(prefs);
    const audit = await admin.request('GET', '/api/audit-events?action=SetSecurityPreferences');
    expect(audit.body.events.map((e: { outcome: string }) => e.outcome)).toEqual([
      'success',
      'failure',
    ]);

    // RAM disables a key about 90 days after its last use: flagged once that is 14 days away.
    const key = await createKey('bob');
    const row = async () => {
      h.clock.advance(60_000); // past the last-used cache window
      return (await keysOf('bob')).find((k) => k.accessKeyId === key.accessKeyId)!;
    };
    const fresh = await row(); // never used: counted from its creation, just now
    expect(fresh.flags).not.toContain('idle-disable-soon');
    const disableAt = Date.parse(fresh.idleDisableDate!);
    expect(disableAt - Date.now()).toBeGreaterThan(89 * DAY);
    expect(disableAt - Date.now()).toBeLessThanOrEqual(91 * DAY);
    await h.emulatorHook('POST', '/__emulator/access-key-usage', {
      accessKeyId: key.accessKeyId,
      serviceName: 'Oss',
      ip: '203.0.113.7',
      at: new Date(Date.now() - 80 * DAY).toISOString(),
    });
    const idle = await row();
    expect(idle).toMatchObject({ lastUsedService: 'Oss' });
    expect(idle.flags).toContain('idle-disable-soon');
    expect(Date.parse(idle.idleDisableDate!) - Date.now()).toBeLessThan(11 * DAY);
    // The account's own keys are not subject to it.
    const account = await admin.request('GET', '/api/account/access-keys');
    expect(
      account.body.accessKeys.every(
        (k: { idleDisableDate: unknown }) => k.idleDisableDate === null,
      ),
    ).toBe(true);

    const reset = await admin.request('PUT', '/api/security-preferences', {
      body: { allowUserToManageAccessKeys: false, maxIdleDaysForAccessKeys: 730 },
      ticket: await admin.verify('SetSecurityPreferences'),
    });
    expect(reset.status).toBe(200);
    await deleteKey('bob', key.accessKeyId);
  });

  it('restricts a key by source address: the dry run names what would be blocked, the save is verified and enforced', async () => {
    const key = await createKey('alice');
    await signWith(h, key);
    await h.emulatorHook('POST', '/__emulator/access-key-usage', {
      accessKeyId: key.accessKeyId,
      serviceName: 'Ecs',
      ip: '203.0.113.9',
    });
    const url = `/api/users/alice/access-keys/${key.accessKeyId}/network-policy`;
    expect((await member.request('GET', url)).body).toEqual({
      configured: false,
      status: 'Inactive',
      allowedIps: [],
      vpcRules: [],
      effective: 'none',
    });

    const proposal = { status: 'Active', allowedIps: ['203.0.113.0/24'] };
    const dry = await member.request('POST', `${url}/dry-run`, { body: proposal });
    expect(dry.status).toBe(200);
    expect(dry.body.blocked).toEqual([
      expect.objectContaining({ ip: '127.0.0.1', services: ['Ram'], accessKeyId: key.accessKeyId }),
    ]);
    expect(dry.body.allowed).toEqual([
      expect.objectContaining({ ip: '203.0.113.9', services: ['Ecs'] }),
    ]);
    expect(dry.body.locksOutConsole).toBe(false);

    for (const body of [
      { status: 'Active', allowedIps: [] },
      { status: 'Active', allowedIps: ['300.1.1.1'] },
      { status: 'Active', allowedIps: ['10.0.0.1', '10.0.0.1'] },
      { status: 'On', allowedIps: [] },
    ]) {
      const res = await member.request('POST', `${url}/dry-run`, { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('ValidationFailed');
    }

    expect((await member.request('PUT', url, { body: proposal })).body.code).toBe(
      'VerificationRequired',
    );
    // A key that is not alice's, under her path: 404 before the ticket is looked at, so the
    // same ticket still serves her own key.
    // (Each verification moves the clock 13 minutes: bob's key first, then alice's ticket.)
    const bobs = await createKey('bob');
    const ticket = await member.verify('SetAccessKeyNetworkPolicy', 'alice');
    for (const other of [bobs.accessKeyId, 'LTAI5tNoSuchKey0000000000']) {
      const wrong = await member.request(
        'PUT',
        `/api/users/alice/access-keys/${other}/network-policy`,
        { body: proposal, ticket },
      );
      expect(wrong.status, other).toBe(404);
      expect(wrong.body.code).toBe('EntityNotExist.User.AccessKey');
      for (const path of ['network-policy', 'usage']) {
        const read = await member.request('GET', `/api/users/alice/access-keys/${other}/${path}`);
        expect(read.status, `${other} ${path}`).toBe(404);
      }
    }
    const saved = await member.request('PUT', url, { body: proposal, ticket });
    expect(saved.status).toBe(200);
    await deleteKey('bob', bobs.accessKeyId);
    expect(saved.body).toMatchObject({ configured: true, status: 'Active', effective: 'key' });
    expect(await signWith(h, key)).toBe('Forbidden.AccessKeyNetworkPolicy');

    const reopened = await member.request('PUT', url, {
      body: { status: 'Inactive', allowedIps: ['203.0.113.0/24'] },
      ticket: await member.verify('SetAccessKeyNetworkPolicy', 'alice'),
    });
    expect(reopened.body).toMatchObject({ status: 'Inactive', effective: 'none' });
    // RAM answers again (alice has no policy attached, hence NoPermission: the key signed).
    expect(await signWith(h, key)).toBe('NoPermission');

    const usage = await member.request(
      'GET',
      `/api/users/alice/access-keys/${key.accessKeyId}/usage`,
    );
    expect(usage.body.lagMinutes).toBe(60);
    expect(
      usage.body.services.map((s: { serviceName: string; ips: { ip: string }[] }) => [
        s.serviceName,
        s.ips.map((i) => i.ip),
      ]),
    ).toEqual([
      ['Ram', ['127.0.0.1']],
      ['Ecs', ['203.0.113.9']],
    ]);
    await deleteKey('alice', key.accessKeyId);
  });

  it('refuses an account-level list that would lock the console out, and applies one that does not', async () => {
    const url = '/api/account/network-policy';
    const lockout = { status: 'Active', allowedIps: ['198.51.100.0/24'] };
    const dry = await admin.request('POST', `${url}/dry-run`, { body: lockout });
    expect(dry.body.locksOutConsole).toBe(true);
    expect(dry.body.blocked.map((b: { ip: string }) => b.ip)).toContain('127.0.0.1');
    const refused = await admin.request('PUT', url, {
      body: lockout,
      ticket: await admin.verify('SetAccountNetworkPolicy'),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ConsoleLockout');
    // Still usable: nothing was set.
    expect((await admin.request('GET', url)).body).toMatchObject({ configured: false });

    const ok = { status: 'Active', allowedIps: ['127.0.0.0/8', '198.51.100.0/24'] };
    const saved = await admin.request('PUT', url, {
      body: ok,
      ticket: await admin.verify('SetAccountNetworkPolicy'),
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ status: 'Active', effective: 'account' });
    const key = await createKey('bob');
    const keyPolicy = await admin.request(
      'GET',
      `/api/users/bob/access-keys/${key.accessKeyId}/network-policy`,
    );
    expect(keyPolicy.body).toMatchObject({ configured: false, effective: 'account' });

    const off = await admin.request('PUT', url, {
      body: { status: 'Inactive', allowedIps: [] },
      ticket: await admin.verify('SetAccountNetworkPolicy'),
    });
    expect(off.body).toMatchObject({ status: 'Inactive', effective: 'none' });
    await deleteKey('bob', key.accessKeyId);
  });

  it('keeps a deleted key in the bin 30 days and restores it (verified), for its user only', async () => {
    const key = await createKey('alice');
    await deleteKey('alice', key.accessKeyId);
    const bin = await member.request('GET', '/api/users/alice/recycle-bin');
    const binned = bin.body.accessKeys.find(
      (k: { accessKeyId: string }) => k.accessKeyId === key.accessKeyId,
    );
    expect(binned).toMatchObject({ userName: 'alice', userRecycled: false });
    expect(Date.parse(binned.deleteDate) - Date.parse(binned.recycleDate)).toBe(30 * DAY);

    // Not through another user's bin.
    const foreign = await admin.request(
      'POST',
      `/api/users/bob/recycle-bin/${key.accessKeyId}/restore`,
      {
        ticket: await admin.verify('RestoreAccessKey', 'bob'),
      },
    );
    expect(foreign.status).toBe(404);
    expect(
      (await member.request('POST', `/api/users/alice/recycle-bin/${key.accessKeyId}/restore`)).body
        .code,
    ).toBe('VerificationRequired');
    // A key that is not in her bin: 404 before the ticket is looked at, which then still serves.
    const ticket = await member.verify('RestoreAccessKey', 'alice');
    for (const method of ['POST', 'DELETE'] as const) {
      const missing = await member.request(
        method,
        `/api/users/alice/recycle-bin/LTAI5tNoSuchKey0000000000${method === 'POST' ? '/restore' : ''}`,
        { ticket },
      );
      expect(missing.status, method).toBe(404);
    }
    const restored = await member.request(
      'POST',
      `/api/users/alice/recycle-bin/${key.accessKeyId}/restore`,
      { ticket },
    );
    expect(restored.status).toBe(204);
    expect((await keysOf('alice')).map((k) => k.accessKeyId)).toContain(key.accessKeyId);
    expect(await signWith(h, key)).toBe('NoPermission'); // signed again, no longer NotFound

    await deleteKey('alice', key.accessKeyId);
    const purged = await member.request(
      'DELETE',
      `/api/users/alice/recycle-bin/${key.accessKeyId}`,
      {
        ticket: await member.verify('PurgeAccessKey', 'alice'),
      },
    );
    expect(purged.status).toBe(204);
    expect(
      (await member.request('GET', '/api/users/alice/recycle-bin')).body.accessKeys.map(
        (k: { accessKeyId: string }) => k.accessKeyId,
      ),
    ).not.toContain(key.accessKeyId);
    const events = await admin.request('GET', '/api/audit-events?ramUserName=alice');
    const actions = events.body.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['RestoreAccessKey', 'PurgeAccessKey']));
  });

  it('lists a deleted user in the account bin and restores it (admins, verified)', async () => {
    const created = await admin.request('POST', '/api/users', {
      body: { userName: 'leaver', displayName: 'Leaver' },
    });
    expect(created.status).toBe(201);
    const key = await createKey('leaver');
    const del = await admin.request('DELETE', '/api/users/leaver', {
      ticket: await admin.verify('DeleteUser', 'leaver'),
    });
    expect(del.status).toBe(204);

    const bin = await admin.request('GET', '/api/recycle-bin');
    const user = bin.body.users.find((u: { userName: string }) => u.userName === 'leaver');
    expect(user).toMatchObject({ displayName: 'Leaver' });
    expect(bin.body.accessKeys).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          accessKeyId: key.accessKeyId,
          userName: 'leaver',
          userRecycled: true,
        }),
      ]),
    );
    expect((await member.request('GET', '/api/recycle-bin')).status).toBe(403);
    expect(
      (
        await member.request('POST', '/api/verifications', {
          body: { action: 'RestoreUser', userName: 'leaver' },
        })
      ).status,
    ).toBe(403);

    const restore = await admin.request('POST', `/api/recycle-bin/users/${user.userId}/restore`, {
      ticket: await admin.verify('RestoreUser', 'leaver'),
    });
    expect(restore.status).toBe(204);
    expect((await admin.request('GET', '/api/users/leaver')).status).toBe(200);
    // Its key waits for its own restore.
    const keyBack = await admin.request(
      'POST',
      `/api/users/leaver/recycle-bin/${key.accessKeyId}/restore`,
      { ticket: await admin.verify('RestoreAccessKey', 'leaver') },
    );
    expect(keyBack.status).toBe(204);

    // Delete permanently: the user and its keys are gone from every bin.
    await deleteKey('leaver', key.accessKeyId);
    await admin.request('DELETE', '/api/users/leaver', {
      ticket: await admin.verify('DeleteUser', 'leaver'),
    });
    const again = (await admin.request('GET', '/api/recycle-bin')).body.users.find(
      (u: { userName: string }) => u.userName === 'leaver',
    );
    const wrongTicket = await admin.request('DELETE', `/api/recycle-bin/users/${again.userId}`, {
      ticket: await admin.verify('RestoreUser', 'leaver'),
    });
    expect(wrongTicket.body.code).toBe('VerificationRequired');
    const purge = await admin.request('DELETE', `/api/recycle-bin/users/${again.userId}`, {
      ticket: await admin.verify('PurgeUser', 'leaver'),
    });
    expect(purge.status).toBe(204);
    const after = (await admin.request('GET', '/api/recycle-bin')).body;
    expect(after.users.map((u: { userId: string }) => u.userId)).not.toContain(again.userId);
    expect(after.accessKeys.map((k: { accessKeyId: string }) => k.accessKeyId)).not.toContain(
      key.accessKeyId,
    );
  });

  it('asks codes only for actions that fit their target', async () => {
    const start = (body: unknown) => {
      h.clock.advance(13 * 60_000);
      return admin.request('POST', '/api/verifications', { body });
    };
    expect((await start({ action: 'SetAccountNetworkPolicy', userName: 'alice' })).status).toBe(
      400,
    );
    expect((await start({ action: 'RestoreAccessKey' })).status).toBe(400);
    expect((await start({ action: 'SetAccessKeyNetworkPolicy' })).status).toBe(201);
  });

  it('spends a ticket on one request of a parallel burst; a hostile list writes nothing', async () => {
    const key = await createKey('alice');
    const url = `/api/users/alice/access-keys/${key.accessKeyId}/network-policy`;
    const ticket = await admin.verify('SetAccessKeyNetworkPolicy', 'alice');
    const bodies = ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4'].map((ip) => ({
      status: 'Active',
      allowedIps: [ip],
    }));
    const burst = await Promise.all(
      bodies.map((body) => admin.request('PUT', url, { body, ticket })),
    );
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 403, 403, 403]);
    const winner = burst.find((r) => r.status === 200)!.body.allowedIps;
    expect((await admin.request('GET', url)).body.allowedIps).toEqual(winner);

    // Too many entries, an entry that is not an address, a non-string: 400, the policy unchanged.
    const hostile = [
      { status: 'Active', allowedIps: Array.from({ length: 51 }, (_, i) => `10.0.0.${i}`) },
      { status: 'Active', allowedIps: ['10.0.0.1; DROP TABLE'] },
      { status: 'Active', allowedIps: [{ ip: '10.0.0.1' }] },
      { status: 'Active', allowedIps: '10.0.0.1' },
    ];
    const unspent = await admin.verify('SetAccessKeyNetworkPolicy', 'alice');
    for (const body of hostile) {
      const res = await admin.request('PUT', url, { body, ticket: unspent });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.code).toBe('ValidationFailed');
    }
    expect((await admin.request('GET', url)).body.allowedIps).toEqual(winner);
    // Refused input spent no ticket: the same one still saves.
    const reset = await admin.request('PUT', url, {
      body: { status: 'Inactive', allowedIps: [] },
      ticket: unspent,
    });
    expect(reset.status).toBe(200);

    // A restore burst with one ticket: one key back, the others refused.
    await deleteKey('alice', key.accessKeyId);
    const restoreTicket = await admin.verify('RestoreAccessKey', 'alice');
    const restores = await Promise.all(
      [1, 2, 3].map(() =>
        admin.request('POST', `/api/users/alice/recycle-bin/${key.accessKeyId}/restore`, {
          ticket: restoreTicket,
        }),
      ),
    );
    expect(restores.map((r) => r.status).sort()).toEqual([204, 403, 403]);
    expect((await keysOf('alice')).map((k) => k.accessKeyId)).toContain(key.accessKeyId);
    await deleteKey('alice', key.accessKeyId);
  });
});
