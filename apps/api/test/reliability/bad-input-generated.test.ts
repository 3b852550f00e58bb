import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { startHarness, type Agent, type Harness } from '../harness.js';
import {
  invalidBodies,
  invalidParams,
  invalidQueries,
  pollutedBodies,
  validExample,
  type BodyCase,
} from './invalid-payloads.js';

// Every route the console API registers is captured as it is registered (an onRoute hook added
// to each Fastify instance the app creates), with the zod schemas it validates with — the ones
// from packages/contracts. Bad input is then generated from those schemas, so a new route or a
// changed schema is covered without editing this file.
const captured = vi.hoisted(() => [] as RouteOptions[]);
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<{ default: (...args: unknown[]) => FastifyInstance }>();
  const wrap = (...args: unknown[]) => {
    const app = mod.default(...args);
    app.addHook('onRoute', (route) => void captured.push(route));
    return app;
  };
  return { ...mod, default: wrap, fastify: wrap };
});

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

interface Route {
  method: Method;
  /** Fastify spelling, e.g. /api/users/:userName. */
  url: string;
  params?: { schema: z.ZodType; valid: Record<string, string> };
  query?: { schema: z.ZodType; valid: Record<string, string> };
  body?: { schema: z.ZodType; valid: Record<string, unknown> };
}

const isZod = (s: unknown): s is z.ZodType =>
  typeof (s as { safeParse?: unknown } | undefined)?.safeParse === 'function';

/** The console's own routes that take params, a query or a body, with their zod schemas. */
function routesOf(all: RouteOptions[]): Route[] {
  const out: Route[] = [];
  for (const r of all) {
    if (!r.url.startsWith('/api/') || r.url.startsWith('/api/docs')) continue;
    const schema = (r.schema ?? {}) as { params?: unknown; querystring?: unknown; body?: unknown };
    const { params, querystring, body } = schema;
    if (!isZod(params) && !isZod(querystring) && !isZod(body)) continue;
    for (const method of [r.method].flat() as Method[]) {
      if (method === ('HEAD' as Method)) continue;
      out.push({
        method,
        url: r.url,
        ...(isZod(params)
          ? {
              params: {
                schema: params,
                valid: validExample(params, true) as Record<string, string>,
              },
            }
          : {}),
        ...(isZod(querystring)
          ? {
              query: {
                schema: querystring,
                valid: validExample(querystring, true) as Record<string, string>,
              },
            }
          : {}),
        ...(isZod(body) ? { body: { schema: body, valid: validExample(body, false) } } : {}),
      });
    }
  }
  return out;
}

const urlOf = (r: Route, params = r.params?.valid ?? {}, query = '') =>
  r.url.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k]!)) +
  (query ? `?${query}` : '');

interface Sent {
  label: string;
  route: Route;
  url: string;
  body?: BodyCase;
}

/** Each part of a route made invalid while the other parts stay valid. */
function generate(routes: Route[]): Sent[] {
  const out: Sent[] = [];
  for (const r of routes) {
    const validBody = r.body ? { label: 'valid', raw: JSON.stringify(r.body.valid) } : undefined;
    const validQuery = r.query ? new URLSearchParams(r.query.valid).toString() : '';
    if (r.params) {
      for (const p of invalidParams(r.params.schema, r.params.valid)) {
        out.push({
          label: `params ${p.label}`,
          route: r,
          url: urlOf(r, p.params, validQuery),
          ...(validBody ? { body: validBody } : {}),
        });
      }
    }
    if (r.query) {
      for (const q of invalidQueries(r.query.schema, r.query.valid)) {
        out.push({ label: `query ${q.label}`, route: r, url: urlOf(r, undefined, q.query) });
      }
    }
    if (r.body) {
      for (const b of invalidBodies(r.body.schema, r.body.valid)) {
        out.push({ label: `body ${b.label}`, route: r, url: urlOf(r), body: b });
      }
    }
  }
  return out;
}

describe('generated bad input on every route: a 4xx naming a code, never a 5xx, nothing written', () => {
  let h: Harness;
  let admin: Agent;
  let routes: Route[];
  let cases: Sent[];
  beforeAll(async () => {
    h = await startHarness();
    admin = await h.signedIn('admin');
    routes = routesOf(captured);
    cases = generate(routes);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Row counts of every console table, and RAM's users and keys. */
  async function snapshot() {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table, by name
    const db = h.db as any;
    const counts: Record<string, number> = {};
    for (const t of (await db.introspection.getTables()) as { name: string }[]) {
      // Flood counters count every request, refused ones too: that is their job.
      if (t.name === 'rate_limits') continue;
      const row = await db
        .selectFrom(t.name)
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table, by name
        .select((eb: any) => eb.fn.countAll().as('n'))
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

  it('captures every route the API documents with params, a query or a body', async () => {
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
        if (takesInput)
          documented.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
      }
    }
    expect(routes.map((r) => `${r.method} ${r.url}`).sort()).toEqual(documented.sort());
    expect(routes.length).toBeGreaterThanOrEqual(19);
    for (const r of routes) {
      expect(cases.filter((c) => c.route === r).length, `${r.method} ${r.url}`).toBeGreaterThan(5);
    }
  });

  it('every generated request is a 4xx with the error body, and changes no row and nothing in RAM', async () => {
    const before = await snapshot();
    expect(Object.keys(before.counts)).toEqual(
      expect.arrayContaining(['operators', 'sessions', 'verifications', 'audit_events']),
    );
    expect(before.users).toEqual(expect.arrayContaining(['alice', 'bob']));
    const wrong: string[] = [];
    for (const c of cases) {
      const res = await send(c.route.method, c.url, c.body);
      let body: { code?: unknown; message?: unknown; requestId?: unknown } = {};
      try {
        body = res.json();
      } catch {
        // not JSON: reported below
      }
      const shaped =
        typeof body.code === 'string' &&
        typeof body.message === 'string' &&
        typeof body.requestId === 'string';
      // Over the body limit → 413; everything else the schema rejects → 400 ValidationFailed.
      const expected =
        res.statusCode === 413
          ? body.code === 'PayloadTooLarge'
          : res.statusCode === 400 && body.code === 'ValidationFailed';
      if (!shaped || !expected) {
        wrong.push(
          `${c.route.method} ${c.url.slice(0, 80)} [${c.label}] → ${res.statusCode} ${res.body.slice(0, 120)}`,
        );
      }
    }
    expect(wrong).toEqual([]);
    expect(cases.length).toBeGreaterThan(500);
    expect(await snapshot()).toEqual(before);
  });

  it('prototype-pollution keys in any body are refused, and pollute nothing', async () => {
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const before = await snapshot();
    const wrong: string[] = [];
    for (const r of routes.filter((x) => x.body)) {
      for (const b of pollutedBodies(r.body!.valid)) {
        const res = await send(r.method, urlOf(r), b);
        if (res.statusCode !== 400 || res.json().code !== 'ValidationFailed') {
          wrong.push(
            `${r.method} ${r.url} [${b.label}] → ${res.statusCode} ${res.body.slice(0, 120)}`,
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
