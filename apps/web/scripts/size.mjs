// Prints the initial JS (what the browser must fetch before the first page renders) in gzip KB,
// and fails above the budget. "Initial" = the entry script plus every chunk it imports statically,
// followed transitively; lazy route chunks are not counted.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// Issue 12: 200 KB. `npm test` runs this after the build, so no change can grow past it unseen.
const BUDGET_KB = 200;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entry = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => m[1]);
if (entry.length === 0) throw new Error('no module script in dist/index.html');

const seen = new Set();
const queue = entry.map((src) => join(dist, src));
while (queue.length > 0) {
  const file = queue.pop();
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  // Static imports only: `import ... from "./x.js"` and bare `import "./x.js"`, never import().
  for (const m of code.matchAll(
    /(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["'](\.[^"']+)["']/g,
  )) {
    queue.push(resolve(dirname(file), m[1]));
  }
}

let total = 0;
const rows = [...seen].map((file) => {
  const gz = gzipSync(readFileSync(file)).length;
  total += gz;
  return [file.slice(dist.length + 1), gz];
});
rows.sort((a, b) => b[1] - a[1]);
for (const [name, gz] of rows) console.log(`${(gz / 1024).toFixed(1).padStart(8)} KB  ${name}`);
const kb = total / 1024;
console.log(`initial JS: ${kb.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB)`);
if (kb > BUDGET_KB) {
  console.error(`over budget by ${(kb - BUDGET_KB).toFixed(1)} KB`);
  process.exit(1);
}
