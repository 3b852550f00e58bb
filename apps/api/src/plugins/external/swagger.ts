import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI generated from the routes' zod schemas (packages/contracts); UI at /api/docs. */
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
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // Hashes for Swagger UI's own inline bits instead of loosening the SPA's CSP.
    staticCSP: true,
    // The console is often served over plain http on loopback: do not upgrade its own requests.
    transformStaticCSP: (header) => header.replace(/upgrade-insecure-requests;?\s*/, ''),
  });
}
