/**
 * P4: 100,000 RAM users in the emulator (the user directory's documented ceiling: 100 ListUsers
 * pages of 1,000). Latency of the first Users page (the UI asks for 20) and of a prefix search
 * through the console API, one request at a time, measured at the client over loopback (an upper
 * bound of the server time); the directory's cold load (the first search) and its memory.
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import autocannon from 'autocannon';
import { RamSdk, ROOT, round, seedUsers, type Figure } from './lib.js';
import type { RealSetup } from './real-setup.js';

/** RAM users in the account, bench-user included. */
export const USERS = 100_000;
const PREFIX = 'load-user-';
const REQUESTS = 200;

/**
 * The directory's own memory for USERS records shaped like RAM's, in this process: heap used
 * after a full GC with the directory loaded, minus before. The same code the API runs (its build).
 */
async function directoryMemory(): Promise<{ bytes: number; loadMs: number }> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const mod = (await import(join(ROOT, 'apps/api/dist/plugins/app/user-directory.js'))) as {
    createUserDirectory: (o: unknown) => { search(q: string): Promise<unknown[]> };
  };
  const page = (offset: number) =>
    Array.from({ length: Math.min(1000, USERS - offset) }, (_, i) => {
      const n = String(offset + i).padStart(6, '0');
      return {
        userId: `2${n}${n}${n}`.slice(0, 16),
        userName: `${PREFIX}${n}`,
        displayName: `${PREFIX}${n}`,
        comments: '',
        createDate: new Date(1_700_000_000_000 + offset + i).toISOString(),
        updateDate: new Date(1_700_000_000_000 + offset + i).toISOString(),
      };
    });
  gc();
  const before = process.memoryUsage().heapUsed;
  const directory = mod.createUserDirectory({
    listUsers: async (marker: string | undefined) => {
      const offset = marker ? Number(marker) : 0;
      const next = offset + 1000;
      return {
        users: page(offset),
        isTruncated: next < USERS,
        marker: next < USERS ? String(next) : null,
      };
    },
    now: () => new Date(),
  });
  const t0 = performance.now();
  await directory.search('x'); // loads every page
  const loadMs = performance.now() - t0;
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  if ((await directory.search(PREFIX)).length !== USERS) throw new Error('directory incomplete');
  return { bytes, loadMs };
}

async function latency(s: RealSetup, path: string) {
  const r = await autocannon({
    url: `${s.api.url}${path}`,
    connections: 1,
    amount: REQUESTS,
    headers: { cookie: s.session.cookie },
  });
  if (r.errors || r.timeouts || r.non2xx) {
    throw new Error(`${path}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
  }
  return r.latency;
}

async function matches(s: RealSetup, q: string): Promise<number> {
  let n = 0;
  let marker: string | null = null;
  for (let i = 0; i < 200; i++) {
    const url = new URL('/api/users', s.api.url);
    url.searchParams.set('q', q);
    url.searchParams.set('maxItems', '1000');
    if (marker) url.searchParams.set('marker', marker);
    const res = await fetch(url, { headers: { cookie: s.session.cookie } });
    const body = (await res.json()) as { users: unknown[]; marker: string | null };
    n += body.users.length;
    marker = body.marker;
    if (!marker) break;
  }
  return n;
}

export async function p4(s: RealSetup): Promise<Figure[]> {
  const t0 = performance.now();
  // bench-user is already there: USERS in all.
  const seededCount = USERS - 1;
  await seedUsers(s.ram, PREFIX, seededCount);
  const seeded = ((performance.now() - t0) / 1000).toFixed(0);
  const total = (await s.ram.listUsers(new RamSdk.ListUsersRequest({ maxItems: 1000 }))).body?.users
    ?.user?.length;
  if (total !== 1000) throw new Error('seeding failed');

  // The directory's cold load: the first search reads every user through the console.
  const c0 = performance.now();
  const first = await fetch(new URL(`/api/users?maxItems=20&q=${PREFIX}0`, s.api.url), {
    headers: { cookie: s.session.cookie },
  });
  if (first.status !== 200) throw new Error(`first search: ${first.status}`);
  await first.arrayBuffer();
  const coldLoadMs = performance.now() - c0;

  // Warm-up, not counted.
  await latency(s, '/api/users?maxItems=20');
  const page = await latency(s, '/api/users?maxItems=20');
  const q = `${PREFIX}09`; // 1,000 users: load-user-09000 … 09999
  await latency(s, `/api/users?maxItems=20&q=${q}`);
  const search = await latency(s, `/api/users?maxItems=20&q=${q}`);
  // Correctness at this size: a prefix that sorts last among the 100,000 must be found too.
  const late = `${PREFIX}999`; // load-user-99900 … 99998
  const found = { early: await matches(s, q), late: await matches(s, late) };
  const memory = await directoryMemory();
  const searchNote =
    `${REQUESTS} sequential requests of GET /api/users?maxItems=20&q=${q} with ${USERS} users; ` +
    `completeness: q=${q} finds ${found.early} of 1000, q=${late} finds ${found.late} of 99; ` +
    `the directory's cold load (first search, 100 ListUsers pages through the console) took ${(coldLoadMs / 1000).toFixed(1)} s; ` +
    `its memory for ${USERS} users is ${(memory.bytes / 1024 / 1024).toFixed(1)} MB of heap (measured in the bench process, loaded in ${memory.loadMs.toFixed(0)} ms from memory)`;
  const pageNote = `${REQUESTS} sequential requests of GET /api/users?maxItems=20 (one ListUsers of 20) with ${USERS} users seeded (in ${seeded} s)`;
  return [
    {
      id: 'P4.usersPage.p50',
      name: 'First Users page, p50',
      value: page.p50,
      target: 50,
      better: 'lower',
      unit: 'ms',
      note: pageNote,
    },
    {
      id: 'P4.usersPage.p99',
      name: 'First Users page, p99',
      value: page.p99,
      target: 50,
      better: 'lower',
      unit: 'ms',
      note: pageNote,
    },
    {
      id: 'P4.search.p50',
      name: 'Prefix search, p50',
      value: search.p50,
      target: 50,
      better: 'lower',
      unit: 'ms',
      note: searchNote,
    },
    {
      id: 'P4.search.p99',
      name: 'Prefix search, p99',
      value: round(search.p99, 1),
      target: 50,
      better: 'lower',
      unit: 'ms',
      note: searchNote,
    },
  ];
}
