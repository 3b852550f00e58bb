/**
 * Rolling deploys of the SPA: two releases side by side, each instance with its own build. With
 * SHARED_ASSETS_DIR each adds its hashed assets to the shared directory at start-up and serves
 * from there what its own build lacks: a page of the new release asking an old instance for a
 * new chunk (and an old page asking a new instance for an old chunk) gets it, precompressed and
 * immutable like any asset.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishAssets } from '../src/plugins/app/shared-assets.js';
import { startHarness, type Harness } from './harness.js';
import { TEST_DIALECT } from './support/database.js';

const compressScript = fileURLToPath(new URL('../../web/scripts/compress.mjs', import.meta.url));

function release(root: string, name: string) {
  const entry = `/assets/index-${name}.js`;
  const chunk = `/assets/users-page-${name}.js`;
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(
    join(root, 'index.html'),
    `<!doctype html><html><head><script type="module" src="${entry}"></script></head><body>${name}</body></html>\n`,
  );
  writeFileSync(join(root, entry), `export const release = ${JSON.stringify(name.repeat(300))};\n`);
  writeFileSync(join(root, chunk), `export const page = ${JSON.stringify(name.repeat(300))};\n`);
  execFileSync(process.execPath, [compressScript, root]);
  return { entry, chunk };
}

describe(`rolling deploys of the SPA (${TEST_DIALECT})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ram-console-rolling-'));
  const shared = join(dir, 'shared');
  const oldRelease = release(join(dir, 'old'), 'AAAA1111');
  const newRelease = release(join(dir, 'new'), 'BBBB2222');
  let h: Harness;
  let oldInstance: FastifyInstance;
  let newInstance: FastifyInstance;
  beforeAll(async () => {
    h = await startHarness({ webRoot: join(dir, 'old'), env: { SHARED_ASSETS_DIR: shared } });
    oldInstance = h.app;
    // The new release starts while the old one still serves.
    newInstance = await h.anotherInstance({ webRoot: join(dir, 'new') });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (app: FastifyInstance, url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { accept: '*/*', ...headers } });

  it('each instance serves its own index.html', async () => {
    const oldPage = await get(oldInstance, '/', { accept: 'text/html' });
    const newPage = await get(newInstance, '/', { accept: 'text/html' });
    expect(oldPage.body).toContain(oldRelease.entry);
    expect(newPage.body).toContain(newRelease.entry);
    expect(newPage.headers['cache-control']).toBe('no-cache');
  });

  it('a new page asking an old instance for its assets gets them: immutable, precompressed', async () => {
    for (const url of [newRelease.entry, newRelease.chunk]) {
      const res = await get(oldInstance, url, { 'accept-encoding': 'br' });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(res.rawPayload).toString()).toContain('BBBB2222');
    }
  });

  it('an old page asking a new instance for an old chunk gets it too', async () => {
    const res = await get(newInstance, oldRelease.chunk);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('AAAA1111');
  });

  it('an asset of a release no instance has published is a 404 (what every new asset was without the shared directory)', async () => {
    const unpublished = release(join(dir, 'next'), 'CCCC3333');
    expect((await get(oldInstance, unpublished.entry)).statusCode).toBe(404);
    expect((await get(newInstance, unpublished.chunk)).statusCode).toBe(404);
  });

  it('publishing is idempotent and leaves no partial files', () => {
    expect(publishAssets(join(dir, 'new'), shared)).toBe(0);
    const names = readdirSync(join(shared, 'assets'));
    expect(names.filter((n) => n.endsWith('.partial'))).toEqual([]);
    expect(names).toEqual(
      expect.arrayContaining([
        'index-AAAA1111.js',
        'index-AAAA1111.js.br',
        'users-page-BBBB2222.js',
        'users-page-BBBB2222.js.gz',
      ]),
    );
  });
});
