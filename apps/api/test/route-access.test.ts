import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { refuseApiRoutesOutsideScope, registerAccessControl } from '../src/plugins/app/auth.js';
import { startHarness, type Agent, type Harness } from './harness.js';

// Every route is captured from the app itself as it is registered (an onRoute hook on each
// Fastify instance created, keyed by its root), so a new route is covered without editing this
// file. Each one is then requested over a real socket (no inject: it would normalise the path)
// under many spellings of its path.
const captured = vi.hoisted(() => new Map<object, RouteOptions[]>());
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<{ default: (...args: unknown[]) => FastifyInstance }>();
  const wrap = (...args: unknown[]) => {
    const app = mod.default(...args);
    const routes: RouteOptions[] = [];
    captured.set(app, routes);
    app.addHook('onRoute', (route) => void routes.push(route));
    return app;
  };
  return { ...mod, default: wrap, fastify: wrap };
});

/**
 * The only routes that answer without a session. Adding one is a security decision: add it here
 * on purpose (every other route, new ones included, is checked automatically).
 */
const PUBLIC_BY_DESIGN = [
  /^POST \/api\/auth\/login$/,
  // SSO (issue 14): what the sign-in page offers, and the two browser navigations of the flow.
  /^(GET|HEAD) \/api\/auth\/sign-in-methods$/,
  /^(GET|HEAD) \/api\/auth\/oidc\/(login|callback)$/,
  /^(GET|HEAD) \/api\/health(\/ready)?$/,
  /^(GET|HEAD) \/api\/docs(\/.*)?$/,
];

interface RouteRow {
  method: string;
  url: string;
  access: unknown;
}

/** What an attacker may type for one path: same route to a lax reader, other text to a naive one. */
function spellings(path: string): string[] {
  const segs = path.split('/').slice(1);
  const [first = '', ...rest] = segs;
  const join = (s: string[]) => '/' + s.join('/');
  const hex = (c: string) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
  const encodeFirst = (s: string) => (s ? hex(s[0]!).toLowerCase() + s.slice(1) : s);
  const encodeAll = (s: string) => [...s].map(hex).join('');
  const out = new Set<string>([path]);
  // Percent-encoded letters, one segment at a time, then everything; double encoding.
  segs.forEach((_, i) => out.add(join(segs.map((s, j) => (j === i ? encodeFirst(s) : s)))));
  out.add(join([encodeAll(first), ...rest]));
  out.add(join(segs.map(encodeAll)));
  out.add(join(['%25' + hex(first[0] ?? 'a').slice(1) + first.slice(1), ...rest]));
  // Encoded separators.
  for (let i = 1; i < segs.length; i++) {
    out.add(join(segs.slice(0, i)) + '%2F' + segs.slice(i).join('/'));
    out.add(join(segs.slice(0, i)) + '%2f' + segs.slice(i).join('/'));
    out.add(join(segs.slice(0, i)) + '%5C' + segs.slice(i).join('/'));
    out.add(join(segs.slice(0, i)) + '\\' + segs.slice(i).join('/'));
  }
  // Doubled slashes and dot segments, plain and encoded.
  out.add('/' + path);
  out.add(path.replace(/\//g, '//'));
  out.add(path + '//');
  for (let i = 1; i < segs.length; i++) {
    out.add(join([...segs.slice(0, i), '', ...segs.slice(i)]));
    out.add(join([...segs.slice(0, i), '.', ...segs.slice(i)]));
    out.add(join([...segs.slice(0, i), 'x', '..', ...segs.slice(i)]));
    out.add(join([...segs.slice(0, i), '%2e', ...segs.slice(i)]));
    out.add(join([...segs.slice(0, i), 'x', '%2E%2E', ...segs.slice(i)]));
  }
  out.add('/.' + path);
  out.add('/x/..' + path);
  out.add('/%2e' + path);
  out.add('/x/%2e%2e' + path);
  out.add(path + '/.');
  out.add(path + '/x/..');
  // Trailing slash, case.
  out.add(path + '/');
  out.add(path.toUpperCase());
  out.add(join([first.toUpperCase(), ...rest]));
  out.add(join([first.charAt(0).toUpperCase() + first.slice(1), ...rest]));
  out.add(join(segs.map((s, i) => (i === segs.length - 1 ? s.toUpperCase() : s))));
  // `;` parameters (servlet containers strip them), on every segment.
  segs.forEach((_, i) => out.add(join(segs.map((s, j) => (j === i ? `${s};jsessionid=x` : s)))));
  out.add(join([`${first};`, ...rest]));
  // Control and look-alike characters.
  out.add(path + '%00');
  out.add(path + '%09');
  out.add(path + '%20');
  out.add(path + '%0a');
  out.add(join([first.slice(0, -1) + '%C4%B1', ...rest])); // dotless ı, upper-cases to I
  out.add(join(['%EF%BD%81' + first.slice(1), ...rest])); // full-width ａ
  out.add(join([first + '%C0%AF' + rest.join('/')])); // overlong UTF-8 slash
  // Query and fragment (the route is the same; nothing may change), absolute form.
  out.add(path + '?');
  out.add(path + '?x=1');
  out.add(path + '#frag');
  out.add(`http://localhost${path}`);
  return [...out];
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

const keepAlive = new HttpAgent({ keepAlive: true, maxSockets: 8 });

/** Runs `fn` over `items` with a few requests in flight (the server answers them in any order). */
async function inParallel<T>(items: T[], fn: (item: T) => Promise<void>, width = 8) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** One request over a real socket, the path sent byte for byte as written. */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: keepAlive,
        headers: {
          host: 'localhost',
          ...headers,
          ...(body !== undefined
            ? { 'content-type': 'application/json', 'content-length': String(body.length) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const REFUSAL_CODES = new Set([
  'Unauthenticated',
  'Forbidden',
  'CsrfTokenInvalid',
  'NotFound',
  'ValidationFailed',
]);

/** The refusal shape and nothing else: no field of any answer with data. */
function refusalProblem(method: string, a: Answer, statuses: number[]): string | null {
  if (!statuses.includes(a.status)) return `status ${a.status}`;
  if (!a.contentType.startsWith('application/json')) return `content-type ${a.contentType}`;
  if (method === 'HEAD') return a.text === '' ? null : 'a HEAD answer with a body';
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(a.text) as Record<string, unknown>;
  } catch {
    return `not JSON: ${a.text.slice(0, 80)}`;
  }
  const extra = Object.keys(body).filter(
    (k) => !['code', 'message', 'requestId', 'issues', 'details'].includes(k),
  );
  if (extra.length) return `fields ${extra.join(',')}`;
  // A refusal's details name its reason (e.g. Forbidden's adminOnly), never data.
  const details = body.details as Record<string, unknown> | undefined;
  if (details && Object.keys(details).some((k) => k !== 'reason')) {
    return `details ${Object.keys(details).join(',')}`;
  }
  if (!REFUSAL_CODES.has(String(body.code))) return `code ${String(body.code)}`;
  return null;
}

describe('access is decided on the matched route: every route under every spelling', () => {
  let h: Harness;
  let port: number;
  let routes: RouteRow[];
  let member: Agent;
  const values: Record<string, string> = {};

  beforeAll(async () => {
    // A stand-in SPA build so the static files and the index.html fallback are live.
    const webRoot = join(process.env.TMPDIR ?? '/tmp', `ram-console-spa-${process.pid}`);
    mkdirSync(join(webRoot, 'assets'), { recursive: true });
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>SPA</title>');
    writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
    h = await startHarness({ webRoot });
    const { ram } = h.app.services;
    values.userName = 'alice';
    values.username = 'mia';
    values.userAccessKeyId = (await ram.createAccessKey('alice')).value.accessKeyId;
    values.accountAccessKeyId = (await ram.createAccessKey(null)).value.accessKeyId;
    const admin = await h.signedIn('admin');
    const started = await admin.request('POST', '/api/verifications', {
      body: { action: 'CreateAccessKey', userName: 'alice' },
    });
    values.id = started.body.verificationId;
    member = await h.signedIn('member');
    port = Number(new URL(await h.app.listen({ host: '127.0.0.1', port: 0 })).port);
    routes = (captured.get(h.app) ?? []).flatMap((r) =>
      [r.method].flat().map((method) => ({
        method,
        url: r.url,
        access: (r.config as { access?: unknown } | undefined)?.access,
      })),
    );
  });
  afterAll(async () => {
    keepAlive.destroy();
    await h?.close();
  });

  const apiRoutes = () => routes.filter((r) => r.url === '/api' || r.url.startsWith('/api/'));
  const isPublic = (r: RouteRow) => PUBLIC_BY_DESIGN.some((re) => re.test(`${r.method} ${r.url}`));
  const fill = (url: string) =>
    url.replace(/:(\w+)|\*/g, (m, name: string | undefined) => {
      if (m === '*') return 'x';
      if (name === 'accessKeyId')
        return url.startsWith('/api/account/')
          ? values.accountAccessKeyId!
          : values.userAccessKeyId!;
      return values[name!] ?? 'x';
    });
  const bodyFor = (method: string) =>
    ['POST', 'PATCH', 'PUT'].includes(method) ? '{}' : undefined;

  it('captures the routes from the app, and each /api route declares who may call it', () => {
    const api = apiRoutes();
    expect(api.length).toBeGreaterThanOrEqual(30);
    for (const r of api) {
      expect(['public', 'operator', 'admin'], `${r.method} ${r.url}`).toContain(r.access);
      expect(r.access === 'public', `${r.method} ${r.url} is public: is that on purpose?`).toBe(
        isPublic(r),
      );
    }
    // The stand-in SPA is live: a page navigation outside /api gets index.html.
    expect(routes.some((r) => r.url === '/assets/app.js')).toBe(true);
  });

  it('the SPA fallback answers page navigations outside /api only', async () => {
    const page = await send(port, 'GET', '/users/alice', { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>SPA</title>');
    for (const path of ['/api/nope', '/%61pi/nope', '/API/nope', '/x/../api/nope', '/api;x/nope']) {
      const res = await send(port, 'GET', path, { accept: 'text/html' });
      expect(refusalProblem('GET', res, [400, 404]), path).toBeNull();
    }
  });

  it('signed out, no non-public route answers with data under any spelling', async () => {
    const problems: string[] = [];
    const cases: { r: RouteRow; path: string; spelling: string; accept: string }[] = [];
    for (const r of apiRoutes()) {
      const path = fill(r.url);
      // A page navigation (GET, Accept: text/html) is the one answer the SPA fallback could give.
      const accepts = r.method === 'GET' ? ['application/json', 'text/html,*/*'] : ['*/*'];
      for (const spelling of spellings(path)) {
        for (const accept of accepts) cases.push({ r, path, spelling, accept });
      }
    }
    await inParallel(cases, async ({ r, path, spelling, accept }) => {
      const a = await send(port, r.method, spelling, { accept }, bodyFor(r.method));
      if (isPublic(r)) {
        if (a.status >= 500) problems.push(`${r.method} ${spelling}: ${a.status}`);
        return;
      }
      const exact = spelling === path;
      const problem = refusalProblem(r.method, a, exact ? [401] : [400, 401, 403, 404, 405]);
      if (problem) problems.push(`${r.method} ${spelling} (${accept}): ${problem}`);
    });
    expect(problems).toEqual([]);
    expect(cases.length).toBeGreaterThan(1000);
  });

  it('a signed-in member gets nothing from an admin route under any spelling', async () => {
    const headers = { cookie: member.cookie!, 'x-csrf-token': member.csrfToken! };
    const problems: string[] = [];
    const admin = apiRoutes().filter((r) => r.access === 'admin');
    expect(admin.length).toBeGreaterThanOrEqual(12);
    const cases = admin.flatMap((r) =>
      spellings(fill(r.url)).map((spelling) => ({ r, path: fill(r.url), spelling })),
    );
    await inParallel(cases, async ({ r, path, spelling }) => {
      const a = await send(port, r.method, spelling, headers, bodyFor(r.method));
      const problem = refusalProblem(r.method, a, spelling === path ? [403] : [400, 403, 404, 405]);
      if (problem) problems.push(`${r.method} ${spelling}: ${problem}`);
    });
    expect(problems).toEqual([]);
  });
});

describe('the /api scope is closed by default', () => {
  it('refuses to start with an /api route that declares no access', async () => {
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    await app.register(async (api) => {
      registerAccessControl(api);
      api.get('/api/declared', { config: { access: 'admin' } }, async () => ({ ok: true }));
      api.get('/api/forgotten', async () => ({ secret: 'data' }));
    });
    await expect(app.ready()).rejects.toThrow(/without config\.access.*GET \/api\/forgotten/);
  });

  it('refuses an /api route registered outside the one /api scope, however it is cased', async () => {
    const { default: Fastify } = await import('fastify');
    for (const url of ['/api/escaped', '/API/escaped', '/api']) {
      const app = Fastify();
      refuseApiRoutesOutsideScope(app);
      await app.register(async (api) => registerAccessControl(api));
      app.register(async (other) => {
        other.get(url, { config: { access: 'public' } }, async () => ({ secret: 'data' }));
      });
      await expect(app.ready(), url).rejects.toThrow(/outside the \/api scope/);
    }
  });
});
