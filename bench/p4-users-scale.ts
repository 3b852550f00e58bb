/**
 * P4: 10,000 RAM users in the emulator. Latency of the first Users page (the UI asks for 20) and
 * of a prefix search through the console API, one request at a time, measured at the client over
 * loopback (an upper bound of the server time).
 */
import autocannon from 'autocannon';
import { RamSdk, round, seedUsers, type Figure } from './lib.js';
import type { RealSetup } from './real-setup.js';

export const USERS = 10_000;
const PREFIX = 'load-user-';
const REQUESTS = 200;

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
  for (let i = 0; i < 50; i++) {
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
  await seedUsers(s.ram, PREFIX, USERS);
  const seeded = ((performance.now() - t0) / 1000).toFixed(1);
  const total = (await s.ram.listUsers(new RamSdk.ListUsersRequest({ maxItems: 1000 }))).body?.users
    ?.user?.length;
  if (total !== 1000) throw new Error('seeding failed');

  // Warm-up, not counted.
  await latency(s, '/api/users?maxItems=20');
  const page = await latency(s, '/api/users?maxItems=20');
  const q = `${PREFIX}09`; // 100 users: load-user-0900 … 0999
  await latency(s, `/api/users?maxItems=20&q=${q}`);
  const search = await latency(s, `/api/users?maxItems=20&q=${q}`);
  // Correctness at this size: a prefix that sorts late among the 10,000 must be found too.
  const late = `${PREFIX}99`;
  const found = { early: await matches(s, q), late: await matches(s, late) };
  const searchNote =
    `${REQUESTS} sequential requests of GET /api/users?maxItems=20&q=${q}; ` +
    `completeness: q=${q} finds ${found.early} of 100, q=${late} finds ${found.late} of 100`;
  const pageNote = `${REQUESTS} sequential requests of GET /api/users?maxItems=20 with ${USERS} users seeded (in ${seeded} s)`;
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
