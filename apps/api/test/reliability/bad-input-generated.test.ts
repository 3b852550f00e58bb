import {
  AccessKeyParams,
  ConfirmVerificationRequest,
  CreateOperatorRequest,
  CreateUserRequest,
  ListAuditEventsQuery,
  ListUsersQuery,
  LoginRequest,
  OperatorParams,
  StartVerificationRequest,
  UpdateAccessKeyRequest,
  UpdateOperatorRequest,
  UserAccessKeyParams,
  UserParams,
} from '@ram-console/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CreateAccessKeyBody } from '../../src/routes/api/common.js';
import { startHarness, type Agent, type Harness } from '../harness.js';
import {
  invalidBodies,
  invalidParams,
  invalidQueries,
  pollutedBodies,
  type BodyCase,
} from './invalid-payloads.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface Route {
  method: Method;
  /** OpenAPI spelling, e.g. /api/users/{userName}. */
  path: string;
  params?: { schema: z.ZodType; valid: Record<string, string> };
  query?: { schema: z.ZodType; valid: Record<string, string> };
  body?: { schema: z.ZodType; valid: Record<string, unknown> };
}

const KEY = 'LTAI0000000000000000TEST';
const user = { schema: UserParams, valid: { userName: 'alice' } };
const userKey = { schema: UserAccessKeyParams, valid: { userName: 'alice', accessKeyId: KEY } };
const accountKey = { schema: AccessKeyParams, valid: { accessKeyId: KEY } };
const status = { schema: UpdateAccessKeyRequest, valid: { status: 'Inactive' } };
// The routes' own wrapper of CreateAccessKeyRequest: no body at all means "no description".
const createKey = { schema: CreateAccessKeyBody, valid: { description: 'ci' } };
const operator = { schema: OperatorParams, valid: { username: 'mia' } };
const audit = { schema: ListAuditEventsQuery, valid: { action: 'CreateAccessKey' } };

/** Every route that takes params, a query or a body, with the contracts' schemas for them. */
const ROUTES: Route[] = [
  {
    method: 'POST',
    path: '/api/auth/login',
    body: { schema: LoginRequest, valid: { username: 'nobody', password: 'wrong-password' } },
  },
  {
    method: 'POST',
    path: '/api/verifications',
    body: {
      schema: StartVerificationRequest,
      valid: { action: 'CreateAccessKey', userName: 'alice' },
    },
  },
  {
    method: 'POST',
    path: '/api/verifications/{id}/confirm',
    // The route declares this one inline (apps/api/src/routes/api/verifications).
    params: {
      schema: z.object({ id: z.string().min(1).max(64) }),
      valid: { id: 'no-such-verification' },
    },
    body: { schema: ConfirmVerificationRequest, valid: { code: '123456' } },
  },
  { method: 'POST', path: '/api/account/access-keys', body: createKey },
  {
    method: 'PATCH',
    path: '/api/account/access-keys/{accessKeyId}',
    params: accountKey,
    body: status,
  },
  { method: 'DELETE', path: '/api/account/access-keys/{accessKeyId}', params: accountKey },
  {
    method: 'GET',
    path: '/api/users',
    query: { schema: ListUsersQuery, valid: { maxItems: '10' } },
  },
  {
    method: 'POST',
    path: '/api/users',
    body: { schema: CreateUserRequest, valid: { userName: 'newcomer', displayName: 'New' } },
  },
  { method: 'GET', path: '/api/users/{userName}', params: user },
  { method: 'DELETE', path: '/api/users/{userName}', params: user },
  { method: 'GET', path: '/api/users/{userName}/access-keys', params: user },
  { method: 'POST', path: '/api/users/{userName}/access-keys', params: user, body: createKey },
  {
    method: 'PATCH',
    path: '/api/users/{userName}/access-keys/{accessKeyId}',
    params: userKey,
    body: status,
  },
  { method: 'DELETE', path: '/api/users/{userName}/access-keys/{accessKeyId}', params: userKey },
  { method: 'GET', path: '/api/audit-events', query: audit },
  {
    method: 'GET',
    path: '/api/audit-events.csv',
    query: { schema: ListAuditEventsQuery.omit({ cursor: true, limit: true }), valid: audit.valid },
  },
  {
    method: 'POST',
    path: '/api/operators',
    body: {
      schema: CreateOperatorRequest,
      valid: {
        username: 'newop',
        password: 'long-enough-password',
        role: 'admin',
        phone: '+8613800000099',
      },
    },
  },
  {
    method: 'PATCH',
    path: '/api/operators/{username}',
    params: operator,
    body: { schema: UpdateOperatorRequest, valid: { phone: '+8613800000098' } },
  },
  { method: 'DELETE', path: '/api/operators/{username}', params: operator },
];

const url = (r: Route, params = r.params?.valid ?? {}, query = '') =>
  r.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[k]!)) +
  (query ? `?${query}` : '');

interface Sent {
  label: string;
  route: Route;
  url: string;
  body?: BodyCase;
}

/** Generated: each part of a route made invalid while the other parts stay valid. */
function generate(): Sent[] {
  const out: Sent[] = [];
  for (const r of ROUTES) {
    const validBody = r.body ? { label: 'valid', raw: JSON.stringify(r.body.valid) } : undefined;
    const validQuery = r.query ? new URLSearchParams(r.query.valid).toString() : '';
    if (r.params) {
      for (const p of invalidParams(r.params.schema, r.params.valid)) {
        out.push({
          label: `params ${p.label}`,
          route: r,
          url: url(r, p.params, validQuery),
          ...(validBody ? { body: validBody } : {}),
        });
      }
    }
    if (r.query) {
      for (const q of invalidQueries(r.query.schema, r.query.valid)) {
        out.push({ label: `query ${q.label}`, route: r, url: url(r, undefined, q.query) });
      }
    }
    if (r.body) {
      for (const b of invalidBodies(r.body.schema, r.body.valid)) {
        out.push({ label: `body ${b.label}`, route: r, url: url(r), body: b });
      }
    }
  }
  return out;
}

const CASES = generate();

describe('generated bad input on every route: a 4xx naming a code, never a 5xx, nothing written', () => {
  let h: Harness;
  let admin: Agent;
  beforeAll(async () => {
    h = await startHarness();
    admin = await h.signedIn('admin');
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Row counts of every console table, and RAM's users and keys. */
  async function snapshot() {
    const tables = (
      h.db as unknown as { introspection: { getTables(): Promise<{ name: string }[]> } }
    ).introspection;
    const counts: Record<string, number> = {};
    for (const t of await tables.getTables()) {
      const row = await (h.db as unknown as { selectFrom(t: string): any }) // eslint-disable-line @typescript-eslint/no-explicit-any -- any table
        .selectFrom(t.name)
        .select((eb: any) => eb.fn.countAll().as('n')) // eslint-disable-line @typescript-eslint/no-explicit-any -- any table
        .executeTakeFirstOrThrow();
      counts[t.name] = Number(row.n);
    }
    const { ram } = h.app.services;
    const users = (await ram.listUsers(undefined, 1000)).users.map((u) => u.userName).sort();
    const keys: Record<string, string[]> = {};
    for (const name of [null, ...users]) {
      keys[name ?? '(account)'] = (await ram.listAccessKeys(name)).value
        .map((k) => `${k.accessKeyId}:${k.status}`)
        .sort();
    }
    return { counts, users, keys };
  }

  async function send(method: Method, path: string, body?: BodyCase) {
    return h.app.inject({
      method,
      url: path,
      headers: {
        cookie: admin.cookie!,
        'x-csrf-token': admin.csrfToken!,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { payload: body.raw } : {}),
    });
  }

  it('covers every route the API documents with params, a query or a body', async () => {
    const doc = h.app.swagger() as {
      paths: Record<
        string,
        Record<string, { parameters?: { in: string }[]; requestBody?: unknown }>
      >;
    };
    const documented: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const takesInput =
          !!op.requestBody ||
          (op.parameters ?? []).some((p) => p.in === 'path' || p.in === 'query');
        if (takesInput) documented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    // And the generator produced something for each part of each route.
    for (const r of ROUTES) {
      expect(CASES.filter((c) => c.route === r).length, `${r.method} ${r.path}`).toBeGreaterThan(5);
    }
  });

  it(`${CASES.length} generated requests: each a 4xx with the error body, and no row or RAM change`, async () => {
    const before = await snapshot();
    expect(Object.keys(before.counts)).toEqual(
      expect.arrayContaining([
        'operators',
        'sessions',
        'verifications',
        'audit_events',
        'key_descriptions',
      ]),
    );
    expect(before.users).toEqual(expect.arrayContaining(['alice', 'bob']));
    const wrong: string[] = [];
    for (const c of CASES) {
      const res = await send(c.route.method, c.url, c.body);
      let body: { code?: unknown; message?: unknown; requestId?: unknown } = {};
      try {
        body = res.json();
      } catch {
        // not JSON: reported below
      }
      const ok =
        res.statusCode >= 400 &&
        res.statusCode < 500 &&
        typeof body.code === 'string' &&
        typeof body.message === 'string' &&
        typeof body.requestId === 'string';
      // Over the body limit → 413; everything else the schema rejects → 400 ValidationFailed.
      const expected =
        res.statusCode === 413
          ? body.code === 'PayloadTooLarge'
          : res.statusCode === 400 && body.code === 'ValidationFailed';
      if (!ok || !expected) {
        wrong.push(
          `${c.route.method} ${c.url.slice(0, 80)} [${c.label}] → ${res.statusCode} ${res.body.slice(0, 120)}`,
        );
      }
    }
    expect(wrong).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('prototype-pollution keys in any body are refused, and pollute nothing', async () => {
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const before = await snapshot();
    const wrong: string[] = [];
    for (const r of ROUTES.filter((x) => x.body)) {
      for (const b of pollutedBodies(r.body!.valid)) {
        const res = await send(r.method, url(r), b);
        if (res.statusCode !== 400 || res.json().code !== 'ValidationFailed') {
          wrong.push(
            `${r.method} ${r.path} [${b.label}] → ${res.statusCode} ${res.body.slice(0, 120)}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await snapshot()).toEqual(before);
  });

  it('prototype-named query keys are ignored: the answer is the same as without them', async () => {
    const plain = await send('GET', '/api/users?maxItems=5');
    for (const q of [
      '__proto__=x',
      '__proto__[polluted]=yes',
      'constructor[prototype][polluted]=yes',
    ]) {
      const res = await send('GET', `/api/users?maxItems=5&${q}`);
      expect(res.statusCode, q).toBe(200);
      expect(res.json().users, q).toEqual(plain.json().users);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
