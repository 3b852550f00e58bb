import { SecurityPreferences } from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actionContext, errors, ticketHeaders } from '../common.js';

/** The account's AccessKey security preferences (IMS). Admins; saving needs a ticket. */
const securityPreferencesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { securityPreferences } = app.services;
  const config = { access: 'admin' as const };
  const tags = ['security-preferences'];

  app.get(
    '/api/security-preferences',
    { config, schema: { tags, response: { 200: SecurityPreferences, ...errors } } },
    async () => securityPreferences.get(),
  );
  app.put(
    '/api/security-preferences',
    {
      config,
      schema: {
        tags,
        headers: ticketHeaders,
        body: SecurityPreferences,
        response: { 200: SecurityPreferences, ...errors },
      },
    },
    async (request) => securityPreferences.set(actionContext(request), request.body),
  );
};
export default securityPreferencesRoutes;
