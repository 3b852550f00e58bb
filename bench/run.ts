/**
 * `npm run bench`: every figure of issues 6, 10 and 12 in one run on this machine, printed and
 * written to docs/benchmarks.md and docs/benchmarks.json. Expects a fresh build (the npm script
 * builds first). A figure that cannot be measured is reported as such with the reason, never
 * guessed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { hCluster } from './h-cluster.js';
import { ROOT, passes, round, type Figure } from './lib.js';
import { p1 } from './p1-proxy-ratio.js';
import { p2 } from './p2-emulator-ratio.js';
import { p3Lighthouse, p3Size } from './p3-web.js';
import { p4, USERS } from './p4-users-scale.js';
import { p5 } from './p5-create-path.js';
import { p6 } from './p6-ram-calls.js';
import { startRealSetup } from './real-setup.js';
import { HEAP_SNAPSHOT_SIGNAL, r7 } from './r7-load.js';

const figures: Figure[] = [];
const notMeasured: Array<{ id: string; reason: string }> = [];

function show(f: Figure) {
  const verdict = passes(f) ? 'pass' : 'FAIL';
  const op = f.better === 'higher' ? '≥' : '≤';
  console.log(
    `${f.id.padEnd(20)} ${String(f.value).padStart(8)} ${f.unit.padEnd(8)} target ${op} ${f.target}  ${verdict}   (${f.note})`,
  );
}

// `npm run bench -- P5 P1` runs only those steps and writes nothing (for working on one figure).
const only = process.argv.slice(2);

async function step(id: string, run: () => Promise<Figure | Figure[]> | Figure) {
  if (only.length > 0 && !only.some((o) => id.includes(o))) return;
  const t0 = performance.now();
  console.log(`— ${id} …`);
  try {
    const out = await run();
    for (const f of Array.isArray(out) ? out : [out]) {
      figures.push(f);
      show(f);
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    notMeasured.push({ id, reason });
    console.log(`${id}: NOT MEASURED: ${reason}`);
  }
  console.log(`  (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

const started = new Date();
const loadBefore = loadavg()[0]!;
const cores = availableParallelism();
// Absolute rates and Lighthouse's scores follow the CPU time the bench gets: say so up front.
const overloaded = loadBefore > cores;
const loadWarning = overloaded
  ? `WARNING: the 1-minute load average at the start (${round(loadBefore, 1)}) is above the ${cores} cores: other work competed for the CPU, so absolute rates, latencies and Lighthouse scores are pessimistic; ratios are paired within the run.`
  : '';
if (overloaded) console.log(loadWarning);
let p6Table: string[] = [];
let heapGrowth = '';
await step('P3.size', () => p3Size());
await step('P2', () => p2());
await step('P1+R7+P4', async () => {
  const snapshotDir = mkdtempSync(join(tmpdir(), 'ram-console-bench-heap-'));
  const setup = await startRealSetup(USERS, {
    nodeArgs: [`--heapsnapshot-signal=${HEAP_SNAPSHOT_SIGNAL}`, `--diagnostic-dir=${snapshotDir}`],
  });
  try {
    const p1Figure = await p1(setup);
    const r7Result = await r7(setup, snapshotDir);
    heapGrowth = r7Result.heapGrowth;
    return [p1Figure, ...r7Result.figures, ...(await p4(setup))];
  } finally {
    await setup.stop();
    rmSync(snapshotDir, { recursive: true, force: true });
  }
});
await step('H1+H2', () => hCluster());
await step('P6', async () => {
  const result = await p6();
  p6Table = result.table;
  return result.figures;
});
await step('P5', () => p5());
await step('P3.lighthouse', () => p3Lighthouse());

const machine = {
  cores,
  cpu: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  date: started.toISOString(),
  loadAverage: { before: round(loadBefore, 1), after: round(loadavg()[0]!, 1) },
  overloaded,
};

if (only.length > 0) process.exit(notMeasured.length > 0 ? 1 : 0);

const json = {
  machine,
  figures: Object.fromEntries(
    figures.map((f) => [f.id, { value: f.value, target: f.target, unit: f.unit, pass: passes(f) }]),
  ),
  notMeasured,
  ramCallsPerScreen: p6Table,
  heapGrowth,
};
writeFileSync(join(ROOT, 'docs/benchmarks.json'), `${JSON.stringify(json, null, 2)}\n`);

const esc = (s: string) => s.replace(/\|/g, '\\|');
const rows = figures.map((f) => {
  const op = f.better === 'higher' ? '≥' : '≤';
  return `| ${f.id} | ${esc(f.name)} | ${f.value} ${f.unit} | ${op} ${f.target} ${f.unit} | ${passes(f) ? 'pass' : '**fail**'} | ${esc(f.note)} |`;
});
for (const n of notMeasured)
  rows.push(`| ${n.id} | | not measured | | **not measured** | ${esc(n.reason)} |`);
const md = `# Benchmarks

Produced by \`npm run bench\` (bench/run.ts) — do not edit by hand.

Machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, run started ${machine.date};
1-minute load average ${machine.loadAverage.before} at the start and ${machine.loadAverage.after} at the end (the cores were shared with
other work, so absolute rates are noisy; ratios are medians of paired rounds in the same run).
All servers on 127.0.0.1.
${loadWarning ? `\n> **${loadWarning}**\n` : ''}
| figure | what | value | target | result | how |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
${
  p6Table.length
    ? `
RAM calls per screen (P6), counted where they reach the emulator; warm = the same view again at once,
within the ${'`'}LAST_USED_CACHE_SECONDS${'`'} window:

| screen | console requests | RAM calls, cold | RAM calls, warm |
| --- | --- | --- | --- |
${p6Table.join('\n')}
`
    : ''
}`;
const options = (await prettier.resolveConfig(join(ROOT, 'docs/benchmarks.md'))) ?? {};
const formatted = await prettier.format(md, { ...options, parser: 'markdown' });
writeFileSync(join(ROOT, 'docs/benchmarks.md'), formatted);

// docs/performance.md carries the same table between two markers.
const perfPath = join(ROOT, 'docs/performance.md');
if (existsSync(perfPath)) {
  const perf = readFileSync(perfPath, 'utf8');
  const start = '<!-- bench:table:start -->';
  const end = '<!-- bench:table:end -->';
  const a = perf.indexOf(start);
  const b = perf.indexOf(end);
  if (a >= 0 && b > a) {
    const table = formatted.slice(formatted.indexOf('Machine:'));
    const next = `${perf.slice(0, a + start.length)}\n\n${table.trim()}\n\n${perf.slice(b)}`;
    writeFileSync(perfPath, await prettier.format(next, { ...options, parser: 'markdown' }));
  }
}

const failed = figures.filter((f) => !passes(f)).map((f) => f.id);
console.log(
  `\n${figures.length - failed.length}/${figures.length} figures meet their targets` +
    (failed.length ? `; not met: ${failed.join(', ')}` : '') +
    (notMeasured.length ? `; not measured: ${notMeasured.map((n) => n.id).join(', ')}` : '') +
    '\nwrote docs/benchmarks.md and docs/benchmarks.json',
);
// The bench reports figures; a missed target is a finding, not a crash. Only a broken run fails.
process.exitCode = notMeasured.length > 0 ? 1 : 0;
