import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import { ConsoleErrorCode } from '@ram-console/contracts';
import type { FastifyInstance } from 'fastify';

/** Vite names every file under assets/ by its content hash: a new build never reuses a name. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Anything else (index.html above all) is checked with the server on every use. */
export const REVALIDATE = 'no-cache';

/**
 * `Link` preloads for the early-requests script, the entry chunk and the render-blocking
 * stylesheet named in index.html:
 * with the answer's headers, before its body is parsed (and for a proxy that sends 103 Early
 * Hints).
 */
export function preloadLinks(indexHtml: string): string | null {
  const links: string[] = [];
  // First, a classic script of the page's own (public/early-requests.js): over HTTP/1.1 six
  // requests go out at a time, and behind the page's many module preloads it once left at 0.5 s.
  for (const m of indexHtml.matchAll(/<script(?![^>]*type="module")[^>]*src="(\/[\w.-]+\.js)"/g)) {
    links.push(`<${m[1]}>; rel=preload; as=script`);
  }
  for (const m of indexHtml.matchAll(
    /<script[^>]*type="module"[^>]*src="(\/assets\/[^"]+\.js)"/g,
  )) {
    links.push(`<${m[1]}>; rel=modulepreload; crossorigin`);
  }
  for (const m of indexHtml.matchAll(
    /<link[^>]*rel="stylesheet"[^>]*href="(\/assets\/[^"]+\.css)"/g,
  )) {
    links.push(`<${m[1]}>; rel=preload; as=style; crossorigin`);
  }
  return links.length ? links.join(', ') : null;
}

/**
 * `Link: rel=modulepreload` for the chunks a first visit to a page renders, from the web build's
 * route-preloads.json (apps/web/scripts/route-preloads.ts): the shell and the page arrive with the
 * entry instead of after it has run. A path the file does not name gets the shell's (`*`), except
 * the pages outside the console (sign-in, the forced password change), which get their own or
 * none. Malformed or missing: no links, the page still works.
 */
export function routePreloadLinks(json: string | null): (pathname: string) => string[] {
  let table: Record<string, unknown> = {};
  try {
    const parsed: unknown = json === null ? {} : JSON.parse(json);
    if (typeof parsed === 'object' && parsed !== null) table = parsed as Record<string, unknown>;
  } catch {
    table = {};
  }
  const pages: { match: RegExp; links: string[] }[] = [];
  let others: string[] = [];
  for (const [page, files] of Object.entries(table)) {
    if (!Array.isArray(files)) continue;
    const links = files
      .filter((f): f is string => typeof f === 'string' && /^\/assets\/[\w.-]+\.js$/.test(f))
      .map((f) => `<${f}>; rel=modulepreload; crossorigin`);
    if (page === '*') {
      others = links;
      continue;
    }
    const pattern = page
      .split('/')
      .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    pages.push({ match: new RegExp(`^${pattern}/?$`), links });
  }
  return (pathname) => {
    const page = pages.find((p) => p.match.test(pathname));
    if (page) return page.links;
    return /^\/(sign-in|change-password)(\/|$)/.test(pathname) ? [] : others;
  };
}

/**
 * The built SPA, with the fallback rule from TOOLCHAIN.md: index.html only for GET page
 * navigations (Accept includes text/html) whose path does not name /api however it is spelled;
 * everything else that matched no route gets a JSON 404.
 *
 * The build writes a brotli and a gzip copy beside each text file (apps/web/scripts/compress.mjs);
 * `preCompressed` sends the one the browser accepts (brotli first), the file itself otherwise.
 * Hashed assets are cached for a year; index.html, which names them, never without asking.
 */
export async function registerStatic(
  app: FastifyInstance,
  webRoot: string,
  /** SHARED_ASSETS_DIR: other releases' hashed assets, for rolling deploys (shared-assets.ts). */
  sharedAssetsDir?: string,
): Promise<void> {
  const hasSpa = existsSync(webRoot);
  const assetsDir = `${webRoot.replace(/[\\/]+$/, '')}${sep}assets${sep}`;
  const indexPath = join(webRoot, 'index.html');
  const link = existsSync(indexPath) ? preloadLinks(readFileSync(indexPath, 'utf8')) : null;
  const preloadsPath = join(webRoot, 'route-preloads.json');
  const pageLinks = routePreloadLinks(
    existsSync(preloadsPath) ? readFileSync(preloadsPath, 'utf8') : null,
  );
  if (hasSpa) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      preCompressed: true,
      // Our own Cache-Control below; `send`'s default (max-age=0) would override it.
      cacheControl: false,
      setHeaders(res, path) {
        res.setHeader('cache-control', path.startsWith(assetsDir) ? IMMUTABLE : REVALIDATE);
        // `path` is the file sent: index.html.br for a brotli answer.
        if (path.replace(/\.(br|gz)$/, '') === indexPath) {
          // The page asked for (index.html answers every console path): its own chunks too.
          // `res` is the raw ServerResponse (@fastify/static passes reply.raw): its request.
          const { req } = res as unknown as { req?: { url?: string } };
          const pathname = (req?.url ?? '/').split(/[?#]/, 1)[0]!;
          const links = [...(link ? [link] : []), ...pageLinks(pathname)];
          if (links.length) res.setHeader('link', links.join(', '));
        }
        // The same URL answers brotli, gzip or plain by Accept-Encoding: caches must key on it.
        res.setHeader('vary', 'Accept-Encoding');
      },
      // The compressed copies are sent under the original's name only, never as themselves.
      allowedPath: (pathname: string) => !/\.(br|gz)$/.test(pathname),
    });
  }
  if (hasSpa && sharedAssetsDir) {
    // Any other /assets/ file, looked up when asked (other instances add theirs at any time):
    // this build's own files keep their exact routes above, which win over this wildcard.
    await app.register(fastifyStatic, {
      root: join(sharedAssetsDir, 'assets'),
      prefix: '/assets/',
      wildcard: true,
      decorateReply: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders(res) {
        res.setHeader('cache-control', IMMUTABLE);
        res.setHeader('vary', 'Accept-Encoding');
      },
      allowedPath: (pathname: string) => !/\.(br|gz)$/.test(pathname),
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (
      hasSpa &&
      req.method === 'GET' &&
      req.headers.accept?.includes('text/html') &&
      !namesApiSpace(req.url)
    ) {
      return reply.sendFile('index.html');
    }
    return reply
      .code(404)
      .header('cache-control', 'no-store')
      .send({
        code: ConsoleErrorCode.NotFound,
        message: `No route ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`,
        requestId: req.id,
      });
  });
}

/**
 * Whether a request path names the /api space however it is spelled (percent-encoding, case,
 * `;` parameters, dot and doubled segments, backslashes, absolute form). Only for requests that
 * matched no route, to choose between a JSON 404 and the SPA's index.html: neither carries data,
 * so this text decides no access (the matched route's declaration does). A path that does not
 * decode counts as /api.
 */
export function namesApiSpace(rawUrl: string): boolean {
  let path = rawUrl.split(/[?#]/, 1)[0] ?? '';
  if (!path.startsWith('/')) path = path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  for (let i = 0; i < 4; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return true;
    }
    if (decoded === path) break;
    path = decoded;
  }
  if (/%[0-9a-f]{2}/i.test(path)) return true;
  const segments: string[] = [];
  for (const raw of path.split(/[/\\]/)) {
    const s = (raw.split(';', 1)[0] ?? '').trim();
    if (s === '' || s === '.') continue;
    if (s === '..') segments.pop();
    else segments.push(s);
  }
  // Upper-casing folds look-alikes a lax reader may treat as the same (dotless ı → I).
  return (segments[0] ?? '').normalize('NFKC').toUpperCase() === 'API';
}
