/**
 * `node --import tsx bench/profile-keys-route.ts`: where the API spends its CPU on the keys route
 * (issue 12, P1), not part of `npm run bench`. The compiled API runs under `node --cpu-prof` in
 * the real-mode set-up (emulator in its own process), 16 connections for 10 s on
 * GET /api/users/bench-user/access-keys, once with the last-used cache off (the route as it was:
 * three SDK calls per answer) and once with the default cache. Prints a markdown summary of each
 * profile: self time by package and the hottest functions. Needs a build (`npm run build`).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startRealSetup } from './real-setup.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/** Where a frame's code lives: a package, the console's own code, Node itself, or V8. */
function owner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return 'node (core)';
  const m = /\/(apps|packages)\/([^/]+)\/dist\/(.+)$/.exec(url);
  return m ? `${m[1]}/${m[2]}: ${m[3]}` : url;
}

function summarise(profile: CpuProfile, answers: number): string {
  const total = profile.samples.length;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, n] of hits) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const who = owner(url, functionName);
    byOwner.set(who, (byOwner.get(who) ?? 0) + n);
    const fn = `${functionName || '(anonymous)'} — ${who}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + n);
  }
  const pct = (n: number) => `${((n / total) * 100).toFixed(1)} %`;
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, n]) => `| ${pct(n)} | ${name.replace(/\|/g, '\\|')} |`)
      .join('\n');
  return [
    `${total} samples over ${seconds.toFixed(1)} s of profile, ${answers} answers`,
    '',
    '| self time | where |',
    '| --- | --- |',
    top(byOwner, 12),
    '',
    '| self time | hottest functions |',
    '| --- | --- |',
    top(byFunction, 12),
  ].join('\n');
}

async function profileOnce(cacheSeconds: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ram-console-cpuprof-'));
  const setup = await startRealSetup(1000, {
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    env: { LAST_USED_CACHE_SECONDS: cacheSeconds },
  });
  let answers: number;
  try {
    const url = `${setup.api.url}/api/users/${setup.userName}/access-keys`;
    const headers = { cookie: setup.session.cookie };
    await autocannon({ url, connections: 16, duration: 3, headers });
    const r = await autocannon({ url, connections: 16, duration: 10, headers });
    if (r.errors || r.non2xx) throw new Error(`${r.errors} errors, ${r.non2xx} non-2xx`);
    answers = r.requests.total;
  } finally {
    await setup.stop(); // SIGTERM: the API exits 0 and writes its profile
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no .cpuprofile written');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  rmSync(dir, { recursive: true, force: true });
  return summarise(profile, answers);
}

console.log(
  '### Keys route, last-used cache off (LAST_USED_CACHE_SECONDS=0: 3 SDK calls per answer)\n',
);
console.log(await profileOnce('0'));
console.log('\n### Keys route, last-used cache on (the default 15 s: 1 SDK call per answer)\n');
console.log(await profileOnce('15'));
