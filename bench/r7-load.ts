/** R7: 50 connections for 20 s on the keys route: no errors, resident memory grows ≤ 20 %. */
import autocannon from 'autocannon';
import { round, type Figure } from './lib.js';
import type { RealSetup } from './real-setup.js';

const CONNECTIONS = 50;
const SECONDS = 20;

export async function r7(s: RealSetup): Promise<Figure[]> {
  const url = `${s.api.url}/api/users/${s.userName}/access-keys`;
  const headers = { cookie: s.session.cookie };
  // Warm-up at the same load, so the baseline is a warmed process, not a cold one.
  await autocannon({ url, connections: CONNECTIONS, duration: 3, headers });
  const before = s.api.rss();
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  const after = s.api.rss();
  // A second run at the same load tells V8 growing its heap to fit the load (first run) from a
  // leak (would keep growing in the second).
  const r2 = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  const after2 = s.api.rss();
  const errors = r.errors + r.timeouts + r.non2xx;
  const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
  return [
    {
      id: 'R7.errors',
      name: `Load: errors in ${CONNECTIONS} connections × ${SECONDS} s on the keys route`,
      value: errors,
      target: 0,
      better: 'lower',
      unit: 'requests',
      note: `${r.requests.total} requests (${(r.requests.total / r.duration).toFixed(0)}/s), p99 ${r.latency.p99} ms; ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`,
    },
    {
      id: 'R7.rssGrowth',
      name: 'Load: API resident memory growth over the run',
      value: round(((after - before) / before) * 100, 1),
      target: 20,
      better: 'lower',
      unit: '%',
      note: `RSS ${mb(before)} MB after a 3 s warm-up → ${mb(after)} MB`,
    },
    {
      id: 'R7.rssGrowthSecondRun',
      name: 'Load: API resident memory growth over a second run at the same load',
      value: round(((after2 - after) / after) * 100, 1),
      target: 20,
      better: 'lower',
      unit: '%',
      note: `RSS ${mb(after)} MB → ${mb(after2)} MB; ${r2.errors + r2.timeouts + r2.non2xx} errors in ${r2.requests.total} requests`,
    },
  ];
}
