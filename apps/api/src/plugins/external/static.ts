import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The built SPA, with the fallback rule from TOOLCHAIN.md: index.html only for GET page
 * navigations outside /api (Accept includes text/html); everything else gets a JSON 404.
 */
export async function registerStatic(app: FastifyInstance, webRoot: string): Promise<void> {
  const hasSpa = existsSync(webRoot);
  if (hasSpa) await app.register(fastifyStatic, { root: webRoot, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    if (
      hasSpa &&
      req.method === 'GET' &&
      !req.url.startsWith('/api') &&
      req.headers.accept?.includes('text/html')
    ) {
      return reply.sendFile('index.html');
    }
    return reply.code(404).send({
      code: 'NotFound',
      message: `No route ${req.method} ${req.url.split('?')[0]}`,
      requestId: req.id,
    });
  });
}
