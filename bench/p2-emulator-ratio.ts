/**
 * P2: the emulator engineer's SDK-throughput bench (`npm run bench:emulator`), run as it is, with
 * its own defaults; this only reads its verdict line.
 */
import { spawnSync } from 'node:child_process';
import { ROOT, type Figure } from './lib.js';

export function p2(): Figure {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'packages/ram-emulator/bench/sdk-throughput.ts'],
    { cwd: ROOT, encoding: 'utf8', timeout: 600_000 },
  );
  const out = `${run.stdout}${run.stderr}`;
  const ratio = /ratio emulator\/do-nothing[^:]*: ([\d.]+)/.exec(out)?.[1];
  const noop = /do-nothing server: (?:median )?(\d+) calls\/s/.exec(out)?.[1];
  const emu = /emulator: +(?:median )?(\d+) calls\/s/.exec(out)?.[1];
  if (!ratio) {
    const tail = out.trim().split('\n').slice(-3).join(' / ');
    throw new Error(`no verdict from packages/ram-emulator/bench/sdk-throughput.ts: ${tail}`);
  }
  const header = out.split('\n').find((l) => l.startsWith('SDK ')) ?? '';
  return {
    id: 'P2',
    name: 'Emulator ratio (SDK calls/s vs a do-nothing stub)',
    value: Number(ratio),
    target: 0.8,
    better: 'higher',
    unit: 'ratio',
    note: `npm run bench:emulator (its defaults): ${header.replace(/\s+/g, ' ').trim()}; emulator ${emu} calls/s, stub ${noop} calls/s`,
  };
}
