/**
 * R7: 50 connections for 20 s on the keys route, after an explicit warm-up run at the same load
 * and twice as long: no errors, and resident memory grows ≤ 20 % from the end of the first measured run to
 * the end of the second. Heap snapshots before and after a third run (the API runs with
 * --heapsnapshot-signal) say which objects grow at that load.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { round, waitFor, type Figure } from './lib.js';
import type { RealSetup } from './real-setup.js';

const CONNECTIONS = 50;
const SECONDS = 20;

/** The signal the API is started with (see run.ts) to write a heap snapshot. */
export const HEAP_SNAPSHOT_SIGNAL = 'SIGUSR2';

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Self size by constructor (object) or type (strings, code, arrays…), in bytes. */
function sizesByKind(path: string): Map<string, { bytes: number; count: number }> {
  const snap = JSON.parse(readFileSync(path, 'utf8')) as HeapSnapshot;
  const fields = snap.snapshot.meta.node_fields;
  const stride = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = snap.snapshot.meta.node_types[0];
  const out = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += stride) {
    const type = types[snap.nodes[i + typeAt]!]!;
    const kind = type === 'object' ? snap.strings[snap.nodes[i + nameAt]!]! : `(${type})`;
    const entry = out.get(kind) ?? { bytes: 0, count: 0 };
    entry.bytes += snap.nodes[i + sizeAt]!;
    entry.count++;
    out.set(kind, entry);
  }
  return out;
}

async function heapSnapshot(s: RealSetup, dir: string, index: number): Promise<string> {
  s.api.child.kill(HEAP_SNAPSHOT_SIGNAL);
  let file = '';
  await waitFor(
    () => {
      const files = readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'));
      if (files.length < index) return false;
      file = join(dir, files.sort()[index - 1]!);
      // Written in one go at the end: a complete file ends with the strings array.
      return readFileSync(file, 'utf8').trimEnd().endsWith(']}');
    },
    'the heap snapshot',
    120_000,
  );
  return file;
}

export interface R7Result {
  figures: Figure[];
  /** What grew between the two snapshots, for docs/performance.md. */
  heapGrowth: string;
}

export async function r7(s: RealSetup, snapshotDir: string): Promise<R7Result> {
  const url = `${s.api.url}/api/users/${s.userName}/access-keys`;
  const headers = { cookie: s.session.cookie };
  const run = (duration = SECONDS) =>
    autocannon({ url, connections: CONNECTIONS, duration, headers });
  // Warm-up at the same load, twice as long: V8 sizes its heap and compiles the hot paths here.
  // On the quiet 2-core machine RSS levels off at 410-490 MB (live heap 65-90 MB) only after
  // 40-60 s at this load. With a 20 s warm-up the plateau sometimes came only during the second
  // measured run (+32 % once, -2 % and -5 % in the runs around it); with 40 s it comes by the end
  // of the first, which is where the figure starts.
  const warm = await run(SECONDS * 2);
  const afterWarmUp = s.api.rss();
  const r1 = await run();
  const after1 = s.api.rss();
  const r2 = await run();
  const after2 = s.api.rss();
  // Snapshots only now: writing one costs memory of its own, which must not count above. What
  // grows over a third run at the same load is what the second one grew too.
  const snap1 = await heapSnapshot(s, snapshotDir, 1);
  const r3 = await run();
  const snap2 = await heapSnapshot(s, snapshotDir, 2);

  const errors = (r: Result) => r.errors + r.timeouts + r.non2xx;
  const a = sizesByKind(snap1);
  const b = sizesByKind(snap2);
  const total = (m: Map<string, { bytes: number }>) =>
    [...m.values()].reduce((x, y) => x + y.bytes, 0);
  const growth = [...b.entries()]
    .map(([kind, v]) => ({
      kind,
      bytes: v.bytes - (a.get(kind)?.bytes ?? 0),
      count: v.count - (a.get(kind)?.count ?? 0),
    }))
    .sort((x, y) => y.bytes - x.bytes)
    .slice(0, 6);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  const kb = (n: number) => (n / 1024).toFixed(0);
  const heapGrowth =
    `live heap ${mb(total(a))} MB after the second run → ${mb(total(b))} MB after a third (${r3.requests.total} requests, ${errors(r3)} errors); ` +
    `largest changes: ${growth.map((g) => `${g.kind} ${g.bytes >= 0 ? '+' : ''}${kb(g.bytes)} KB (${g.count >= 0 ? '+' : ''}${g.count})`).join(', ')}`;
  rmSync(snap1);
  rmSync(snap2);

  return {
    heapGrowth,
    figures: [
      {
        id: 'R7.errors',
        name: `Load: errors in the ${CONNECTIONS}-connection × ${SECONDS} s runs on the keys route`,
        value: errors(r1) + errors(r2),
        target: 0,
        better: 'lower',
        unit: 'requests',
        note: `first run ${r1.requests.total} requests (${(r1.requests.total / r1.duration).toFixed(0)}/s, p99 ${r1.latency.p99} ms), second ${r2.requests.total} (${(r2.requests.total / r2.duration).toFixed(0)}/s, p99 ${r2.latency.p99} ms); errors + timeouts + non-2xx: ${errors(r1)} and ${errors(r2)} (warm-up: ${errors(warm)} in ${warm.requests.total})`,
      },
      {
        id: 'R7.rssGrowth',
        name: 'Load: API resident memory growth from the first to the second run (after a warm-up run)',
        value: round(((after2 - after1) / after1) * 100, 1),
        target: 20,
        better: 'lower',
        unit: '%',
        note: `RSS ${mb(afterWarmUp)} MB after the ${SECONDS * 2} s warm-up run → ${mb(after1)} MB after the first run (${round(((after1 - afterWarmUp) / afterWarmUp) * 100, 1)} %) → ${mb(after2)} MB after the second; heap snapshots: ${heapGrowth}`,
      },
    ],
  };
}
