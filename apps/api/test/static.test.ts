/**
 * Issue 12 (P3): the built SPA is sent precompressed (brotli, else gzip, else plain, by
 * Accept-Encoding), hashed assets are cached for a year, and index.html, which names them, is
 * never cached without asking the server again. The compressed copies come from the web build's
 * own step (apps/web/scripts/compress.mjs), run here on a small built-looking folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

const compressScript = fileURLToPath(new URL('../../web/scripts/compress.mjs', import.meta.url));
const ASSET = '/assets/index-Bx3kQ9aZ.js';
const js = `export const greeting = ${JSON.stringify('hello '.repeat(400))};\n`;
const html = `<!doctype html><html><head><script type="module" src="${ASSET}"></script></head><body><div id="root"></div>${'<!-- padding -->'.repeat(40)}</body></html>\n`;
const tiny = 'export {};\n';

describe('serving the built console', () => {
  let h: Harness;
  let webRoot: string;
  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'ram-console-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), html);
    writeFileSync(join(webRoot, ASSET), js);
    writeFileSync(join(webRoot, 'assets/tiny-Cq1.js'), tiny);
    execFileSync(process.execPath, [compressScript, webRoot]);
    h = await startHarness({ webRoot });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    h.app.inject({ method: 'GET', url, headers });

  it('the build step writes a brotli and a gzip copy of each text file worth compressing', () => {
    expect(readdirSync(join(webRoot, 'assets')).sort()).toEqual([
      'index-Bx3kQ9aZ.js',
      'index-Bx3kQ9aZ.js.br',
      'index-Bx3kQ9aZ.js.gz',
      'tiny-Cq1.js', // too small to be worth it
    ]);
    expect(readdirSync(webRoot)).toEqual(
      expect.arrayContaining(['index.html.br', 'index.html.gz']),
    );
  });

  it('sends brotli when accepted, immutable for a year, keyed on Accept-Encoding', async () => {
    const res = await get(ASSET, { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers.link).toBeUndefined();
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(js);
    expect(res.rawPayload.length).toBeLessThan(js.length / 4);
  });

  it('sends gzip to a client without brotli, and the plain file to one that accepts neither', async () => {
    const gz = await get(ASSET, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(js);
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    for (const headers of [{}, { 'accept-encoding': 'identity' }] as Record<string, string>[]) {
      const plain = await get(ASSET, headers);
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(js);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    // A query string does not change what the file is.
    const query = await get(`${ASSET}?v=2`, { 'accept-encoding': 'br' });
    expect(query.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('a file without compressed copies is sent plain', async () => {
    const res = await get('/assets/tiny-Cq1.js', { 'accept-encoding': 'br, gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe(tiny);
  });

  it('index.html is never cached immutable, however it is asked for', async () => {
    for (const url of [
      '/',
      '/index.html',
      '/index.html?x=1',
      '/account/access-keys',
      '/users/alice',
    ]) {
      for (const encoding of ['br', 'gzip', '']) {
        const res = await get(url, {
          accept: 'text/html,application/xhtml+xml',
          ...(encoding ? { 'accept-encoding': encoding } : {}),
        });
        expect(res.statusCode, `${url} ${encoding}`).toBe(200);
        expect(res.headers['cache-control'], `${url} ${encoding}`).toBe('no-cache');
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        // The entry chunk is named before the body is parsed.
        expect(res.headers.link).toBe(`<${ASSET}>; rel=modulepreload; crossorigin`);
        const body =
          encoding === 'br'
            ? brotliDecompressSync(res.rawPayload).toString()
            : encoding === 'gzip'
              ? gunzipSync(res.rawPayload).toString()
              : res.body;
        expect(body).toBe(html);
      }
    }
  });

  it('the compressed copies are not served as themselves, and /api stays no-store', async () => {
    for (const url of [`${ASSET}.br`, `${ASSET}.gz`, '/index.html.br']) {
      const res = await get(url, { 'accept-encoding': 'br' });
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NotFound' });
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const api = await get('/api/health', { 'accept-encoding': 'br' });
    expect(api.headers['cache-control']).toBe('no-store');
  });
});

describe('the page’s own chunks named before its body (route-preloads.json)', () => {
  let h: Harness;
  let webRoot: string;
  const ENTRY = '/assets/index-Aa1.js';
  const page = `<!doctype html><html><head><script src="/early-requests.js" async></script><script type="module" src="${ENTRY}"></script></head><body></body></html>\n`;
  const preloads = {
    '/sign-in': ['/assets/sign-in-Bb2.js'],
    '/users/:userName': ['/assets/shell-Cc3.js', '/assets/user-Dd4.js'],
    '/account/access-keys': ['/assets/shell-Cc3.js', '/assets/keys-Ee5.js'],
    '*': ['/assets/shell-Cc3.js'],
    // Never named in a header: not a hashed asset.
    '/operators': ['https://elsewhere.example/x.js', '/assets/../index.html'],
  };
  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'ram-console-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), page);
    writeFileSync(join(webRoot, 'early-requests.js'), '// early\n');
    writeFileSync(join(webRoot, 'route-preloads.json'), JSON.stringify(preloads));
    h = await startHarness({ webRoot });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  const linksOf = async (url: string) => {
    const res = await h.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
    expect(res.statusCode, url).toBe(200);
    return String(res.headers.link ?? '')
      .split(', ')
      .map((l) => l.replace(/^<([^>]+)>.*$/, '$1'));
  };
  const BASE = ['/early-requests.js', ENTRY];

  it('each page gets the early-requests script first, the entry, then its own chunks', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: '/account/access-keys',
      headers: { accept: 'text/html' },
    });
    expect(res.headers.link).toBe(
      [
        '</early-requests.js>; rel=preload; as=script',
        `<${ENTRY}>; rel=modulepreload; crossorigin`,
        '</assets/shell-Cc3.js>; rel=modulepreload; crossorigin',
        '</assets/keys-Ee5.js>; rel=modulepreload; crossorigin',
      ].join(', '),
    );
    expect(await linksOf('/account/access-keys/?tab=x')).toEqual([
      ...BASE,
      '/assets/shell-Cc3.js',
      '/assets/keys-Ee5.js',
    ]);
    expect(await linksOf('/users/alice')).toEqual([
      ...BASE,
      '/assets/shell-Cc3.js',
      '/assets/user-Dd4.js',
    ]);
    expect(await linksOf('/sign-in')).toEqual([...BASE, '/assets/sign-in-Bb2.js']);
  });

  it('any other console page gets the shell; pages outside it and bad entries get nothing', async () => {
    expect(await linksOf('/audit')).toEqual([...BASE, '/assets/shell-Cc3.js']);
    expect(await linksOf('/users/alice/rotation')).toEqual([...BASE, '/assets/shell-Cc3.js']);
    expect(await linksOf('/sign-in/sso-problem')).toEqual(BASE);
    expect(await linksOf('/change-password')).toEqual(BASE);
    expect(await linksOf('/operators')).toEqual(BASE);
  });
});
