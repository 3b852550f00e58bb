/**
 * P2: the emulator engineer's SDK-throughput bench (packages/ram-emulator/bench), run as it is
 * with fewer rounds; this only reads its verdict line.
 */
import { spawnSync } from 'node:child_process';
import { ROOT, type Figure } from './lib.js';

export function p2(): Figure {
  const args = ['--import', 'tsx', 'packages/ram-emulator/bench/sdk-throughput.ts'];
  args.push('--rounds', '6', '--calls', '1000');
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  const out = `${run.stdout}${run.stderr}`;
  const ratio = /ratio emulator\/do-nothing \(median of rounds\): ([\d.]+)/.exec(out)?.[1];
  const noop = /do-nothing server: median (\d+) calls\/s/.exec(out)?.[1];
  const emu = /emulator: +median (\d+) calls\/s/.exec(out)?.[1];
  if (!ratio) throw new Error(`P2: no verdict from the emulator bench:\n${out}`);
  return {
    id: 'P2',
    name: 'Emulator ratio (SDK calls/s vs a do-nothing stub)',
    value: Number(ratio),
    target: 0.8,
    better: 'higher',
    unit: 'ratio',
    note: `npm run bench:emulator -- --rounds 6 --calls 1000: median of paired rounds; emulator ${emu} calls/s, stub ${noop} calls/s`,
  };
}
