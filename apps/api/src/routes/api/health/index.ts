import { HealthResponse, ReadinessResponse } from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';

/** How long readiness waits for the database (a load balancer's probe times out soon after). */
const DATABASE_CHECK_MS = 2_000;

const health: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/health',
    {
      config: { access: 'public', anyHost: true },
      schema: { tags: ['health'], response: { 200: HealthResponse } },
    },
    async () => ({ status: 'ok' as const, ram: app.services.config.mode }),
  );

  // For the load balancer (which calls it by address, hence any Host): route traffic here only
  // while this answers 200.
  app.get(
    '/api/health/ready',
    {
      config: { access: 'public', anyHost: true },
      schema: { tags: ['health'], response: { 200: ReadinessResponse, 503: ReadinessResponse } },
    },
    async (_request, reply) => {
      if (app.services.lifecycle.draining) return reply.code(503).send({ status: 'draining' });
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          sql`select 1`.execute(app.services.db),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('timeout')), DATABASE_CHECK_MS);
          }),
        ]);
      } catch (err) {
        app.log.warn({ err }, 'readiness: the database did not answer');
        return reply.code(503).send({ status: 'database-unavailable' });
      } finally {
        clearTimeout(timer);
      }
      return { status: 'ready' as const };
    },
  );
};
export default health;
