import { DemoInboxResponse } from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../../errors.js';
import { requireSession } from '../../../plugins/app/auth.js';
import { NEW_PHONE_ACTION } from '../../../plugins/app/verification.js';
import { errors } from '../common.js';

/**
 * Embedded mode only: the emulator's SMS inbox for the signed-in operator's own phone; for an
 * operator who has none yet (SSO without a verified phone claim), the number this session is
 * adding (POST /api/auth/phone), so the demo can be followed without a real phone.
 */
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
      let phone = session.operator.phone;
      if (phone === '') {
        const adding = await app.services.db
          .selectFrom('verifications')
          .select('phone')
          .where('session_id_hash', '=', session.idHash)
          .where('action', '=', NEW_PHONE_ACTION)
          .where('target_operator', '=', session.operator.username)
          .orderBy('created_at', 'desc')
          .executeTakeFirst();
        if (!adding) return { messages: [] };
        phone = adding.phone;
      }
      return { messages: await inbox(phone) };
    },
  );
};
export default demoRoutes;
