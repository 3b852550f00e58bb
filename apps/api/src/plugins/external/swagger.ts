import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI generated from the routes' zod schemas (packages/contracts), at the root. */
export async function registerSwagger(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'ram-console API',
        description:
          'Console API for managing Alibaba Cloud RAM AccessKeys. State-changing requests need the session cookie and `x-csrf-token`; create/enable/delete key and delete user also need `x-verification-ticket`.',
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
  });
}

/**
 * The docs UI at /api/docs, registered inside the /api scope. Its routes come from the plugin,
 * so this wrapper declares them public (the API's shape is no secret; its answers are).
 */
export async function registerSwaggerUi(api: FastifyInstance): Promise<void> {
  await api.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    await docs.register(swaggerUi, {
      routePrefix: '/api/docs',
      // Hashes for Swagger UI's own inline bits instead of loosening the SPA's CSP.
      staticCSP: true,
      // The console is often served over plain http on loopback: do not upgrade its own requests.
      transformStaticCSP: (header) => header.replace(/upgrade-insecure-requests;?\s*/, ''),
    });
  });
}
