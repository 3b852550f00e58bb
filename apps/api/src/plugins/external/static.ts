import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import { ConsoleErrorCode } from '@ram-console/contracts';
import type { FastifyInstance } from 'fastify';

/**
 * The built SPA, with the fallback rule from TOOLCHAIN.md: index.html only for GET page
 * navigations (Accept includes text/html) whose path does not name /api however it is spelled;
 * everything else that matched no route gets a JSON 404.
 */
export async function registerStatic(app: FastifyInstance, webRoot: string): Promise<void> {
  const hasSpa = existsSync(webRoot);
  if (hasSpa) await app.register(fastifyStatic, { root: webRoot, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    if (
      hasSpa &&
      req.method === 'GET' &&
      req.headers.accept?.includes('text/html') &&
      !namesApiSpace(req.url)
    ) {
      return reply.sendFile('index.html');
    }
    return reply.code(404).send({
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
