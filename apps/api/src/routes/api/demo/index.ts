import { DemoInboxResponse } from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../../errors.js';
import { requireSession } from '../../../plugins/app/auth.js';
import { errors } from '../common.js';

/** Embedded mode only: the emulator's SMS inbox for the signed-in operator's own phone. */
const demoRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/demo/inbox',
    {
      config: { access: 'operator' },
      schema: { tags: ['demo'], response: { 200: DemoInboxResponse, ...errors } },
    },
    async (request) => {
      const inbox = app.services.demoInbox;
      if (!inbox) throw notFound('The demo inbox exists only in embedded (emulator) mode');
      const session = requireSession(request);
      return { messages: await inbox(session.operator.phone) };
    },
  );
};
export default demoRoutes;
