/**
 * P1: the console API's keys route next to the same SDK call made straight to the emulator.
 * Paired rounds alternate which side goes first (the cores are shared); the figure is the median
 * of the per-round ratios.
 */
import autocannon from 'autocannon';
import { median, RamSdk, round, type Figure } from './lib.js';
import type { RealSetup } from './real-setup.js';

const CONCURRENCY = 16;
const ROUNDS = 5;
const SECONDS = 3;

/**
 * Answers per second straight from the emulator, `CONCURRENCY` in flight. `sameCalls`: the SDK
 * calls the route makes for one answer (ListAccessKeys, then GetAccessKeyLastUsed for each key,
 * in parallel); otherwise the one ListAccessKeys call.
 */
async function direct(s: RealSetup, seconds: number, sameCalls: boolean): Promise<number> {
  const request = new RamSdk.ListAccessKeysRequest({ userName: s.userName });
  const until = performance.now() + seconds * 1000;
  let answers = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const res = await s.ram.listAccessKeys(request);
        const keys = res.body?.accessKeys?.accessKey ?? [];
        if (keys.length !== 2) throw new Error('unexpected body');
        if (sameCalls) {
          await Promise.all(
            keys.map((k) =>
              s.ram.getAccessKeyLastUsed(
                new RamSdk.GetAccessKeyLastUsedRequest({
                  userName: s.userName,
                  userAccessKeyId: k.accessKeyId,
                }),
              ),
            ),
          );
        }
        answers++;
      }
    }),
  );
  return answers / ((performance.now() - t0) / 1000);
}

async function viaConsole(s: RealSetup, seconds: number): Promise<number> {
  const r = await autocannon({
    url: `${s.api.url}/api/users/${s.userName}/access-keys`,
    connections: CONCURRENCY,
    duration: seconds,
    headers: { cookie: s.session.cookie },
  });
  if (r.errors || r.timeouts || r.non2xx) {
    throw new Error(`keys route: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
  }
  return r.requests.total / r.duration;
}

export async function p1(s: RealSetup): Promise<Figure> {
  await viaConsole(s, 2);
  await direct(s, 1, true);
  await direct(s, 1, false);
  const ratios: number[] = [];
  const listOnlyRatios: number[] = [];
  const api: number[] = [];
  const sdk: number[] = [];
  const listOnly: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const a = i % 2 === 0 ? await viaConsole(s, SECONDS) : 0;
    const d = await direct(s, SECONDS, true);
    const l = await direct(s, SECONDS, false);
    const a2 = i % 2 === 0 ? a : await viaConsole(s, SECONDS);
    api.push(a2);
    sdk.push(d);
    listOnly.push(l);
    ratios.push(a2 / d);
    listOnlyRatios.push(a2 / l);
  }
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ');
  return {
    id: 'P1',
    name: 'API proxy ratio (keys route via the console / the same SDK calls straight to the emulator)',
    value: round(median(ratios)),
    target: 0.6,
    better: 'higher',
    unit: 'ratio',
    note:
      `median of ${ROUNDS} paired ${SECONDS} s rounds, ${CONCURRENCY} in flight, the console first in even rounds and last in odd ones; ` +
      `a view needs 3 SDK calls (ListAccessKeys + GetAccessKeyLastUsed per key), which the direct side makes every time; ` +
      `the console makes them on a cold view and only ListAccessKeys within its 15 s last-used window (issue 12): ` +
      `console answers/s [${fmt(api)}], direct answers/s with those 3 calls [${fmt(sdk)}]; ` +
      `against one ListAccessKeys call alone [${fmt(listOnly)}], the console's own overhead, the ratio is ${median(listOnlyRatios).toFixed(2)}`,
  };
}
