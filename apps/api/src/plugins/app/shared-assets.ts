import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Rolling deploys of the SPA (docs/deploy.md): while instances of two releases serve side by
 * side, a page from the new release may ask an old instance for one of its hashed assets, and a
 * page loaded earlier may ask a new instance for an old chunk. With `SHARED_ASSETS_DIR` (a
 * directory every instance mounts), each instance adds its build's `assets/` to the shared one at
 * start-up, before it listens, and serves from there what its own build lacks. Vite names assets
 * by content hash, so files never clash; each appears whole (copied to a temporary name, then
 * renamed). Nothing is deleted: old releases' assets stay for pages still open (prune by age).
 */
export function publishAssets(webRoot: string, sharedDir: string): number {
  const from = join(webRoot, 'assets');
  if (!existsSync(from)) return 0;
  const to = join(sharedDir, 'assets');
  mkdirSync(to, { recursive: true });
  let added = 0;
  for (const name of readdirSync(from)) {
    const target = join(to, name);
    if (existsSync(target)) continue;
    const partial = join(to, `.${name}.${randomBytes(4).toString('hex')}.partial`);
    try {
      copyFileSync(join(from, name), partial);
      renameSync(partial, target);
      added++;
    } finally {
      rmSync(partial, { force: true });
    }
  }
  return added;
}
