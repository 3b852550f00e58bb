import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { HealthResponse } from '@ram-console/contracts';

export interface AppOptions {
  ramMode: 'emulator' | 'alibaba-cloud';
  /** Built SPA; served when the folder exists. */
  webRoot?: string;
  logger?: boolean;
}

export const defaultWebRoot = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false });

  app.get('/api/health', async (): Promise<HealthResponse> => ({
    status: 'ok',
    ram: opts.ramMode,
  }));

  const webRoot = opts.webRoot ?? defaultWebRoot;
  if (existsSync(webRoot)) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false });
    // SPA fallback: only for page navigations outside /api (TOOLCHAIN.md).
    app.setNotFoundHandler((req, reply) => {
      if (
        req.method === 'GET' &&
        !req.url.startsWith('/api') &&
        req.headers.accept?.includes('text/html')
      ) {
        return reply.sendFile('index.html');
      }
      return reply.code(404).send({
        code: 'NotFound',
        message: `No route ${req.method} ${req.url}`,
        requestId: req.id,
      });
    });
  }
  return app;
}
