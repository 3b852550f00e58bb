// `npm run screenshots`: refreshes docs/screenshots deliberately, from a fresh build and a full
// run of the browser journeys. Test runs write their screenshots to reports/screenshots (ignored);
// only this script writes the tracked ones, so their churn lands in a commit of its own.
// Extra arguments go to Playwright (e.g. `npm run screenshots -- e2e/01-account-key.spec.ts`
// refreshes one journey's and keeps the others').
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('-'));

// A full refresh starts empty so a renamed or removed step leaves no stale picture behind; a
// partial one replaces only the named journeys' pictures.
const prefixes = files.map((f) => f.replace(/^.*\//, '').replace(/\.spec\.ts$/, ''));
for (const name of readdirSync(dir)) {
  if (!name.endsWith('.png')) continue;
  if (prefixes.length === 0 || prefixes.some((p) => name.startsWith(`${p}-`))) {
    rmSync(`${dir}${name}`);
  }
}

const run = (cmd, argv, env = {}) =>
  spawnSync(cmd, argv, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

let status = run('npm', ['run', 'build']);
if (status === 0) {
  status = run('npx', ['playwright', 'test', ...args], { SCREENSHOTS_DIR: dir });
}
process.exit(status);
