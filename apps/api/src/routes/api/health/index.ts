import { HealthResponse } from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const health: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/health',
    {
      config: { access: 'public', anyHost: true },
      schema: { tags: ['health'], response: { 200: HealthResponse } },
    },
    async () => ({ status: 'ok' as const, ram: app.services.config.mode }),
  );
};
export default health;
