/**
 * P3: initial JS of the built console (the web app's own size script: entry + static imports,
 * gzip) and the Lighthouse performance score of the AccessKey page, signed in, in Debian's
 * Chromium (desktop preset: the console is a desktop admin tool).
 */
import { spawnSync } from 'node:child_process';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { ROOT, signIn, startConsole, type Figure } from './lib.js';

export function p3Size(): Figure {
  const run = spawnSync(process.execPath, ['apps/web/scripts/size.mjs'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const kb = /initial JS: ([\d.]+) KB gzip/.exec(`${run.stdout}${run.stderr}`)?.[1];
  if (!kb)
    throw new Error(`P3: no figure from apps/web/scripts/size.mjs:\n${run.stdout}${run.stderr}`);
  return {
    id: 'P3.initialJsGzipKB',
    name: 'Initial JS of the built console, gzip',
    value: Number(kb),
    target: 250,
    better: 'lower',
    unit: 'KB',
    note: 'apps/web/scripts/size.mjs (npm run size): entry script + the chunks it imports statically, gzip at the zlib default level',
  };
}

/** Trace-recording failures Lighthouse itself says to retry; seen intermittently under load. */
const RETRYABLE = new Set(['NO_NAVSTART', 'NO_FCP']);

export async function p3Lighthouse(): Promise<Figure> {
  const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  const base = {
    id: 'P3.lighthouse',
    name: 'Lighthouse performance score, AccessKey page (signed in)',
    target: 95,
    better: 'higher' as const,
    unit: 'score',
  };
  const api = await startConsole();
  try {
    const { cookie } = await signIn(api.url);
    const scores: number[] = [];
    let metrics = '';
    let retries = 0;
    // Three runs, median: one run's score moves a few points on shared cores. Each run gets a
    // fresh Chromium; a run that fails to record its trace (NO_NAVSTART or NO_FCP, intermittent
    // with this Chromium under load) is retried, as Lighthouse itself advises, at most 3 times.
    while (scores.length < 3) {
      const chrome = await chromeLauncher.launch({
        chromePath,
        chromeFlags: ['--headless=new', '--no-sandbox'],
      });
      try {
        const result = await lighthouse(
          `${api.url}/account/access-keys`,
          {
            port: chrome.port,
            output: 'json',
            logLevel: 'error',
            extraHeaders: { Cookie: cookie },
          },
          desktopConfig,
        );
        const lhr = result?.lhr;
        if (!lhr || lhr.runtimeError) {
          const message = `lighthouse: ${lhr?.runtimeError?.code ?? ''} ${lhr?.runtimeError?.message ?? 'no result'}`;
          if (RETRYABLE.has(lhr?.runtimeError?.code ?? '') && retries < 3) {
            retries++;
            continue;
          }
          throw new Error(message);
        }
        if (!lhr.finalDisplayedUrl.endsWith('/account/access-keys')) {
          throw new Error(`lighthouse ended at ${lhr.finalDisplayedUrl}, not the AccessKey page`);
        }
        scores.push(Math.round((lhr.categories.performance?.score ?? 0) * 100));
        metrics = [
          'first-contentful-paint',
          'largest-contentful-paint',
          'total-blocking-time',
          'cumulative-layout-shift',
          'speed-index',
        ]
          .map((id) => `${lhr.audits[id]?.title ?? id} ${lhr.audits[id]?.displayValue ?? '?'}`)
          .join(', ');
      } finally {
        chrome.kill();
      }
    }
    scores.sort((a, b) => a - b);
    return {
      ...base,
      value: scores[1]!,
      note: `lighthouse 12.8 desktop preset, ${chromePath}, median of 3 runs [${scores.join(' ')}]${retries ? ` (${retries} run(s) retried after NO_NAVSTART/NO_FCP)` : ''}; last run: ${metrics}`,
    };
  } finally {
    await api.stop();
  }
}
