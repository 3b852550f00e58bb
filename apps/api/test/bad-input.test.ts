import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Agent, type Harness } from './harness.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
interface Case {
  method: Method;
  url: string;
  body?: unknown;
  raw?: { payload: string; contentType: string };
  /** A field the error must name (issues[].path). */
  names?: string;
}

const LONG = 'x'.repeat(300);
const CASES: Case[] = [
  { method: 'POST', url: '/api/auth/login', body: {}, names: 'username' },
  {
    method: 'POST',
    url: '/api/auth/login',
    body: { username: 'a', password: 42 },
    names: 'password',
  },
  {
    method: 'POST',
    url: '/api/auth/login',
    raw: { payload: '{"username":', contentType: 'application/json' },
  },
  {
    method: 'POST',
    url: '/api/auth/login',
    raw: { payload: 'username=a', contentType: 'application/x-www-form-urlencoded' },
  },
  { method: 'POST', url: '/api/verifications', body: { action: 'DropDatabase' }, names: 'action' },
  {
    method: 'POST',
    url: '/api/verifications',
    body: { action: 'CreateAccessKey', userName: 'bad name!' },
    names: 'userName',
  },
  { method: 'POST', url: '/api/verifications', body: { action: 'DeleteUser' }, names: 'userName' },
  {
    method: 'POST',
    url: '/api/verifications/some-id/confirm',
    body: { code: '12ab56' },
    names: 'code',
  },
  { method: 'POST', url: `/api/verifications/${LONG}/confirm`, body: { code: '123456' } },
  {
    method: 'POST',
    url: '/api/account/access-keys',
    body: { description: LONG },
    names: 'description',
  },
  {
    method: 'PATCH',
    url: '/api/account/access-keys/LTAI0000',
    body: { status: 'Deleted' },
    names: 'status',
  },
  {
    method: 'PATCH',
    url: '/api/account/access-keys/not-a-key!',
    body: { status: 'Inactive' },
    names: 'accessKeyId',
  },
  { method: 'DELETE', url: '/api/account/access-keys/%27%3B--', names: 'accessKeyId' },
  { method: 'GET', url: '/api/users?maxItems=0', names: 'maxItems' },
  { method: 'GET', url: '/api/users?maxItems=abc', names: 'maxItems' },
  { method: 'GET', url: `/api/users?q=${'q'.repeat(200)}`, names: 'q' },
  { method: 'GET', url: '/api/users?sort=lastUsed', names: 'sort' },
  {
    method: 'POST',
    url: '/api/users',
    body: { userName: '', displayName: 'x' },
    names: 'userName',
  },
  {
    method: 'POST',
    url: '/api/users',
    body: { userName: 'ok', displayName: '' },
    names: 'displayName',
  },
  {
    method: 'POST',
    url: '/api/users',
    body: { userName: 'ok', displayName: 'x', comments: LONG },
    names: 'comments',
  },
  {
    method: 'POST',
    url: '/api/users',
    body: { userName: 'a'.repeat(65), displayName: 'x' },
    names: 'userName',
  },
  { method: 'POST', url: '/api/users', body: [1, 2, 3] },
  { method: 'GET', url: '/api/users/bad%20name', names: 'userName' },
  { method: 'DELETE', url: '/api/users/bad%20name', names: 'userName' },
  { method: 'GET', url: '/api/users/bad%20name/access-keys', names: 'userName' },
  {
    method: 'POST',
    url: '/api/users/alice/access-keys',
    body: { description: 7 },
    names: 'description',
  },
  { method: 'PATCH', url: '/api/users/alice/access-keys/LTAI0000', body: {}, names: 'status' },
  { method: 'DELETE', url: '/api/users/alice/access-keys/bad-key!', names: 'accessKeyId' },
  { method: 'GET', url: '/api/audit-events?limit=100000', names: 'limit' },
  { method: 'GET', url: '/api/audit-events?from=yesterday', names: 'from' },
  { method: 'GET', url: '/api/audit-events?outcome=maybe', names: 'outcome' },
  { method: 'GET', url: '/api/audit-events.csv?to=soon', names: 'to' },
  {
    method: 'POST',
    url: '/api/operators',
    body: { username: 'Bad User', password: 'short', role: 'root', phone: 'x' },
    names: 'username',
  },
  {
    method: 'POST',
    url: '/api/operators',
    body: {
      username: 'newbie',
      password: 'long-enough-pass',
      role: 'member',
      phone: '+8613800000077',
    },
    names: 'ramUserName',
  },
  { method: 'PATCH', url: '/api/operators/mia', body: {} },
  {
    method: 'PATCH',
    url: '/api/operators/mia',
    body: { role: 'admin', phone: '123' },
    names: 'phone',
  },
  { method: 'DELETE', url: '/api/operators/X', names: 'username' },
  {
    method: 'POST',
    url: '/api/users',
    raw: {
      payload: JSON.stringify({ userName: 'big', displayName: 'y'.repeat(20_000) }),
      contentType: 'application/json',
    },
  },
];

describe('bad input on every route: 4xx naming the problem, never 5xx, nothing written', () => {
  let h: Harness;
  let admin: Agent;
  beforeAll(async () => {
    h = await startHarness();
    admin = await h.signedIn('admin');
  });
  afterAll(async () => {
    await h?.close();
  });

  async function snapshot() {
    const count = async (t: 'operators' | 'audit_events' | 'key_descriptions' | 'verifications') =>
      Number(
        (
          await h.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const users = await admin.request('GET', '/api/users?maxItems=1000');
    return {
      operators: await count('operators'),
      audit: await count('audit_events'),
      descriptions: await count('key_descriptions'),
      verifications: await count('verifications'),
      users: users.body.users.length,
      aliceKeys: (await admin.request('GET', '/api/users/alice/access-keys')).body.accessKeys
        .length,
    };
  }

  it.each(
    CASES.map(
      (c) =>
        [
          `${c.method} ${c.url.slice(0, 60)} ${JSON.stringify(c.body ?? c.raw?.payload ?? '').slice(0, 60)}`,
          c,
        ] as const,
    ),
  )('%s', async (_name, c) => {
    const before = await snapshot();
    const headers: Record<string, string> = {
      cookie: admin.cookie!,
      'x-csrf-token': admin.csrfToken!,
    };
    const res = c.raw
      ? await h.app.inject({
          method: c.method,
          url: c.url,
          headers: { ...headers, 'content-type': c.raw.contentType },
          payload: c.raw.payload,
        })
      : await h.app.inject({
          method: c.method,
          url: c.url,
          headers,
          ...(c.body !== undefined ? { payload: c.body as object } : {}),
        });
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
    const body = res.json();
    expect(body).toMatchObject({
      code: expect.any(String),
      message: expect.any(String),
      requestId: expect.any(String),
    });
    if (c.names) {
      expect(body.code).toBe('ValidationFailed');
      expect(body.issues.map((i: { path: string }) => i.path).join(' ')).toContain(c.names);
    }
    expect(await snapshot()).toEqual(before);
  });
});
