import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Agent, type Harness } from './harness.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const NO_KEY = 'LTAI00000000000000000000';
/** Real (disabled) keys, filled in at send time: a key must exist before its ticket is asked. */
const ACCOUNT_KEY = '{accountKey}';
const ALICE_KEY = '{aliceKey}';
/** Keys deleted into alice's and bob's recycle bins. */
const ALICE_BIN_KEY = '{aliceBinKey}';
const BOB_BIN_KEY = '{bobBinKey}';

interface Row {
  method: Method;
  url: string;
  body?: unknown;
  /** Needs a ticket for this action/target; the admin/member columns then mean "without one". */
  ticket?: { action: string; userName?: string; operator?: string };
  /** Expected status for a signed-in member / admin with a CSRF token (and no ticket). */
  member: number;
  admin: number;
}

/** Every console route except sign-in (public). */
const ROWS: Row[] = [
  { method: 'GET', url: '/api/auth/me', member: 200, admin: 200 },
  { method: 'POST', url: '/api/auth/logout', member: 204, admin: 204 },
  {
    method: 'POST',
    url: '/api/verifications',
    body: { action: 'CreateAccessKey', userName: 'alice' },
    member: 201,
    admin: 201,
  },
  {
    method: 'POST',
    url: '/api/verifications',
    body: { action: 'CreateAccessKey', userName: 'bob' },
    member: 403,
    admin: 201,
  },
  {
    method: 'POST',
    url: '/api/verifications',
    body: { action: 'CreateAccessKey' },
    member: 403,
    admin: 201,
  },
  {
    method: 'POST',
    url: '/api/verifications',
    body: { action: 'DeleteUser', userName: 'alice' },
    member: 403,
    admin: 201,
  },
  {
    method: 'POST',
    url: '/api/verifications/no-such-id/confirm',
    body: { code: '123456' },
    member: 404,
    admin: 404,
  },
  { method: 'GET', url: '/api/account/access-keys', member: 403, admin: 200 },
  {
    method: 'POST',
    url: '/api/account/access-keys',
    body: {},
    ticket: { action: 'CreateAccessKey' },
    member: 403,
    admin: 403,
  },
  {
    method: 'PATCH',
    url: `/api/account/access-keys/${NO_KEY}`,
    body: { status: 'Inactive' },
    member: 403,
    admin: 404,
  },
  {
    method: 'PATCH',
    url: `/api/account/access-keys/${ACCOUNT_KEY}`,
    body: { status: 'Active' },
    ticket: { action: 'EnableAccessKey' },
    member: 403,
    admin: 403,
  },
  {
    method: 'DELETE',
    url: `/api/account/access-keys/${ACCOUNT_KEY}`,
    ticket: { action: 'DeleteAccessKey' },
    member: 403,
    admin: 403,
  },
  { method: 'GET', url: '/api/users', member: 403, admin: 200 },
  {
    method: 'POST',
    url: '/api/users',
    body: { userName: 'matrix-user', displayName: 'Matrix' },
    member: 403,
    admin: 201,
  },
  { method: 'GET', url: '/api/users/alice', member: 200, admin: 200 },
  { method: 'GET', url: '/api/users/bob', member: 403, admin: 200 },
  {
    method: 'DELETE',
    url: '/api/users/matrix-user',
    ticket: { action: 'DeleteUser', userName: 'matrix-user' },
    member: 403,
    admin: 403,
  },
  { method: 'GET', url: '/api/users/alice/access-keys', member: 200, admin: 200 },
  { method: 'GET', url: '/api/users/bob/access-keys', member: 403, admin: 200 },
  {
    method: 'POST',
    url: '/api/users/alice/access-keys',
    body: {},
    ticket: { action: 'CreateAccessKey', userName: 'alice' },
    member: 403,
    admin: 403,
  },
  {
    method: 'POST',
    url: '/api/users/bob/access-keys',
    body: {},
    ticket: { action: 'CreateAccessKey', userName: 'bob' },
    member: 403,
    admin: 403,
  },
  {
    method: 'PATCH',
    url: `/api/users/alice/access-keys/${NO_KEY}`,
    body: { status: 'Inactive' },
    member: 404,
    admin: 404,
  },
  {
    method: 'PATCH',
    url: `/api/users/bob/access-keys/${NO_KEY}`,
    body: { status: 'Inactive' },
    member: 403,
    admin: 404,
  },
  {
    method: 'PATCH',
    url: `/api/users/alice/access-keys/${ALICE_KEY}`,
    body: { status: 'Active' },
    ticket: { action: 'EnableAccessKey', userName: 'alice' },
    member: 403,
    admin: 403,
  },
  {
    method: 'DELETE',
    url: `/api/users/alice/access-keys/${ALICE_KEY}`,
    ticket: { action: 'DeleteAccessKey', userName: 'alice' },
    member: 403,
    admin: 403,
  },
  { method: 'GET', url: '/api/audit-events', member: 403, admin: 200 },
  { method: 'GET', url: '/api/audit-events.csv', member: 403, admin: 200 },
  { method: 'GET', url: '/api/operators', member: 403, admin: 200 },
  {
    method: 'POST',
    url: '/api/operators',
    body: {
      username: 'matrix-op',
      password: 'matrix-password-1',
      role: 'admin',
      phone: '+8613800000099',
    },
    ticket: { action: 'CreateOperator', operator: 'matrix-op' },
    member: 403,
    admin: 403,
  },
  {
    method: 'PATCH',
    url: '/api/operators/mia',
    body: { role: 'admin' },
    ticket: { action: 'UpdateOperatorRole', operator: 'mia' },
    member: 403,
    admin: 403,
  },
  {
    method: 'PATCH',
    url: '/api/operators/mia',
    body: { ramUserName: 'bob' },
    ticket: { action: 'UpdateOperatorRamUser', operator: 'mia' },
    member: 403,
    admin: 403,
  },
  {
    method: 'DELETE',
    url: '/api/operators/mia',
    ticket: { action: 'DeleteOperator', operator: 'mia' },
    member: 403,
    admin: 403,
  },
  { method: 'GET', url: '/api/demo/inbox', member: 200, admin: 200 },
  // Issue 13: security preferences, network restriction, where keys were used, recycle bins.
  {
    method: 'POST',
    url: '/api/verifications',
    body: { action: 'SetSecurityPreferences' },
    member: 403,
    admin: 201,
  },
  {
    method: 'POST',
    url: '/api/verifications',
    body: { action: 'RestoreAccessKey', userName: 'alice' },
    member: 201,
    admin: 201,
  },
  { method: 'GET', url: '/api/security-preferences', member: 403, admin: 200 },
  {
    method: 'PUT',
    url: '/api/security-preferences',
    body: { allowUserToManageAccessKeys: false, maxIdleDaysForAccessKeys: 730 },
    ticket: { action: 'SetSecurityPreferences' },
    member: 403,
    admin: 403,
  },
  { method: 'GET', url: '/api/account/network-policy', member: 403, admin: 200 },
  {
    method: 'PUT',
    url: '/api/account/network-policy',
    body: { status: 'Inactive', allowedIps: [] },
    ticket: { action: 'SetAccountNetworkPolicy' },
    member: 403,
    admin: 403,
  },
  {
    method: 'POST',
    url: '/api/account/network-policy/dry-run',
    body: { status: 'Active', allowedIps: ['127.0.0.1'] },
    member: 403,
    admin: 200,
  },
  {
    method: 'GET',
    url: `/api/account/access-keys/${NO_KEY}/network-policy`,
    member: 403,
    admin: 404,
  },
  {
    method: 'PUT',
    url: `/api/account/access-keys/${ACCOUNT_KEY}/network-policy`,
    body: { status: 'Inactive', allowedIps: [] },
    ticket: { action: 'SetAccessKeyNetworkPolicy' },
    member: 403,
    admin: 403,
  },
  {
    method: 'POST',
    url: `/api/account/access-keys/${NO_KEY}/network-policy/dry-run`,
    body: { status: 'Inactive', allowedIps: [] },
    member: 403,
    admin: 404,
  },
  { method: 'GET', url: `/api/account/access-keys/${NO_KEY}/usage`, member: 403, admin: 404 },
  {
    method: 'GET',
    url: `/api/users/alice/access-keys/${NO_KEY}/network-policy`,
    member: 404,
    admin: 404,
  },
  {
    method: 'GET',
    url: `/api/users/bob/access-keys/${NO_KEY}/network-policy`,
    member: 403,
    admin: 404,
  },
  {
    method: 'PUT',
    url: `/api/users/alice/access-keys/${ALICE_KEY}/network-policy`,
    body: { status: 'Inactive', allowedIps: [] },
    ticket: { action: 'SetAccessKeyNetworkPolicy', userName: 'alice' },
    member: 403,
    admin: 403,
  },
  {
    method: 'POST',
    url: `/api/users/bob/access-keys/${NO_KEY}/network-policy/dry-run`,
    body: { status: 'Inactive', allowedIps: [] },
    member: 403,
    admin: 404,
  },
  { method: 'GET', url: `/api/users/alice/access-keys/${NO_KEY}/usage`, member: 404, admin: 404 },
  { method: 'GET', url: `/api/users/bob/access-keys/${NO_KEY}/usage`, member: 403, admin: 404 },
  { method: 'GET', url: '/api/users/alice/recycle-bin', member: 200, admin: 200 },
  { method: 'GET', url: '/api/users/bob/recycle-bin', member: 403, admin: 200 },
  {
    method: 'POST',
    url: `/api/users/alice/recycle-bin/${ALICE_BIN_KEY}/restore`,
    ticket: { action: 'RestoreAccessKey', userName: 'alice' },
    member: 403,
    admin: 403,
  },
  {
    method: 'POST',
    url: `/api/users/bob/recycle-bin/${BOB_BIN_KEY}/restore`,
    ticket: { action: 'RestoreAccessKey', userName: 'bob' },
    member: 403,
    admin: 403,
  },
  {
    method: 'DELETE',
    url: `/api/users/alice/recycle-bin/${ALICE_BIN_KEY}`,
    ticket: { action: 'PurgeAccessKey', userName: 'alice' },
    member: 403,
    admin: 403,
  },
  // A key that is not there answers 404 before the ticket is asked for (no code is spent).
  {
    method: 'POST',
    url: `/api/users/alice/recycle-bin/${NO_KEY}/restore`,
    member: 404,
    admin: 404,
  },
  {
    method: 'PUT',
    url: `/api/users/alice/access-keys/${NO_KEY}/network-policy`,
    body: { status: 'Inactive', allowedIps: [] },
    member: 404,
    admin: 404,
  },
  { method: 'GET', url: '/api/recycle-bin', member: 403, admin: 200 },
  { method: 'POST', url: '/api/recycle-bin/users/1234/restore', member: 403, admin: 404 },
  { method: 'DELETE', url: '/api/recycle-bin/users/1234', member: 403, admin: 404 },
];

const label = (r: Row) => `${r.method} ${r.url}${r.body ? ' ' + JSON.stringify(r.body) : ''}`;

describe('authorization matrix: every route × signed out, member, admin, CSRF, tickets', () => {
  let h: Harness;
  const realKeys: Record<string, string> = {};
  /** A disabled key of `userName` (null = the account), as the console's own RAM client makes it. */
  const disabledKey = async (userName: string | null) => {
    const { ram } = h.app.services;
    const { accessKeyId } = (await ram.createAccessKey(userName)).value;
    await ram.updateAccessKey(userName, accessKeyId, 'Inactive');
    return accessKeyId;
  };
  beforeAll(async () => {
    h = await startHarness();
    realKeys[ACCOUNT_KEY] = await disabledKey(null);
    realKeys[ALICE_KEY] = await disabledKey('alice');
    // A key is checked before its ticket: the bin rows need keys that are in the bins.
    for (const [name, user] of [
      [ALICE_BIN_KEY, 'alice'],
      [BOB_BIN_KEY, 'bob'],
    ] as const) {
      realKeys[name] = await disabledKey(user);
      await h.app.services.ram.deleteAccessKey(user, realKeys[name]);
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  const send = (a: Agent, r: Row, opts: { csrf?: boolean; ticket?: string } = {}) => {
    // Keep code sends inside the hourly and resend limits.
    if (r.url === '/api/verifications') h.clock.advance(13 * 60_000);
    const url = r.url.replace(/\{\w+\}/g, (k) => realKeys[k]!);
    return a.request(r.method, url, {
      ...(r.body !== undefined ? { body: r.body } : {}),
      ...opts,
    });
  };

  it.each(ROWS.map((r) => [label(r), r] as const))('%s', async (_name, r) => {
    const unsafe = r.method !== 'GET';

    const out = await send(h.agent(), r);
    expect(out.status, 'signed out').toBe(401);
    expect(out.body.code).toBe('Unauthenticated');

    if (unsafe) {
      for (const who of ['member', 'admin'] as const) {
        const noCsrf = await send(await h.signedIn(who), r, { csrf: false });
        expect(noCsrf.status, `${who} without CSRF token`).toBe(403);
        expect(noCsrf.body.code).toBe('CsrfTokenInvalid');
      }
    }

    const member = await send(await h.signedIn('member'), r);
    expect(member.status, `member: ${member.text}`).toBe(r.member);
    const admin = await send(await h.signedIn('admin'), r);
    expect(admin.status, `admin: ${admin.text}`).toBe(r.admin);
    if (r.ticket) {
      // Without a ticket the answer is VerificationRequired for whoever may act at all.
      expect([member.body.code, admin.body.code]).toContain('VerificationRequired');
    }
    for (const res of [out, member, admin]) {
      expect(res.status).toBeLessThan(500);
      if (res.status >= 400)
        expect(res.body).toMatchObject({ code: expect.any(String), requestId: expect.any(String) });
    }
  });

  it('tickets: used, foreign-session, other-action and other-target tickets are refused', async () => {
    const admin = await h.signedIn('admin');
    const url = `/api/users/alice/access-keys/${await disabledKey('alice')}`;

    // A valid ticket is spent even when RAM then refuses (here: a RAM failure).
    const ticket = await admin.verify('DeleteAccessKey', 'alice');
    await h.emulatorHook('POST', '/__emulator/faults', {
      action: 'DeleteAccessKey',
      kind: 'status500',
      count: 1,
    });
    const first = await admin.request('DELETE', url, { ticket });
    expect(first.status).toBe(502);
    const used = await admin.request('DELETE', url, { ticket });
    expect(used.status).toBe(403);
    expect(used.body.code).toBe('VerificationRequired');

    // Another session of the same operator cannot use it.
    const foreign = await admin.verify('DeleteAccessKey', 'alice');
    const otherSession = await h.signedIn('admin');
    const r1 = await otherSession.request('DELETE', url, { ticket: foreign });
    expect(r1.status).toBe(403);
    expect(r1.body.code).toBe('VerificationRequired');

    // Nor another operator's session.
    const member = await h.signedIn('member');
    const r2 = await member.request('DELETE', url, { ticket: foreign });
    expect(r2.status).toBe(403);

    // Bound to the action…
    const r3 = await admin.request('POST', '/api/users/alice/access-keys', { ticket: foreign });
    expect(r3.status).toBe(403);
    expect(r3.body.code).toBe('VerificationRequired');
    // …and to the target.
    const r4 = await admin.request(
      'DELETE',
      `/api/users/bob/access-keys/${await disabledKey('bob')}`,
      {
        ticket: foreign,
      },
    );
    expect(r4.status).toBe(403);
    // The refused attempts did not spend it: the right request still works.
    const ok = await admin.request('DELETE', url, { ticket: foreign });
    expect(ok.status).toBe(204);

    // And it expires after 5 minutes.
    const late = await admin.verify('DeleteAccessKey', 'alice');
    h.clock.advance(5 * 60_000 + 1000);
    const expired = await admin.request('DELETE', url.replace(/[^/]+$/, realKeys[ALICE_KEY]!), {
      ticket: late,
    });
    expect(expired.status).toBe(403);
  });

  it('a member mapped to alice sees only alice; me says who and what', async () => {
    const member = await h.signedIn('member');
    const me = await member.request('GET', '/api/auth/me');
    expect(me.body).toMatchObject({
      operator: { username: 'mia', role: 'member', ramUserName: 'alice' },
      mode: 'emulator',
      accountAlias: expect.any(String),
      accountId: expect.stringMatching(/^\d+$/),
    });
    expect(me.body.operator.maskedPhone).not.toContain('80000002'.slice(0, 6));
  });
});
