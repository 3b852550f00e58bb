import {
  ConfirmVerificationRequest,
  ConsoleErrorCode,
  Me,
  StartPhoneChangeRequest,
  StartVerificationResponse,
} from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConsoleError } from '../../../errors.js';
import { requireSession } from '../../../plugins/app/auth.js';
import { errors } from '../common.js';

export interface OwnPhoneRouteOptions {
  codeRoutesPerMinutePerIp: number;
}

const alreadyHasPhone = () =>
  new ConsoleError(
    ConsoleErrorCode.Conflict,
    'You have a phone already: an admin changes it (Operators page)',
    { reason: 'phoneChangeNotPending' },
  );

/**
 * An operator without a phone (an SSO operator whose provider sent no verified `phone_number`)
 * adds one, confirmed by a code sent to it, before their first verified action. This is issue 9's
 * phone change (plugins/app/phone-change.ts) with the operator as both actor and target, and only
 * while they have no phone: changing an existing phone stays an admin's verified action, or a
 * stolen session could move the codes to the thief's phone.
 */
const ownPhoneRoutes: FastifyPluginAsyncZod<OwnPhoneRouteOptions> = async (app, opts) => {
  const { phoneChange, operators } = app.services;
  const config = {
    access: 'operator' as const,
    rateLimit: { max: opts.codeRoutesPerMinutePerIp, timeWindow: '1 minute' },
  };

  app.post(
    '/api/auth/phone',
    {
      config,
      schema: {
        tags: ['auth'],
        summary: 'Add your phone (only while you have none): a code is sent to it',
        body: StartPhoneChangeRequest,
        response: { 201: StartVerificationResponse, ...errors },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      if (session.operator.phone !== '') throw alreadyHasPhone();
      const started = await phoneChange.start({
        actor: {
          username: session.operator.username,
          sessionIdHash: session.idHash,
          requestId: request.id,
          ip: request.ip ?? null,
        },
        targetOperator: session.operator.username,
        newPhone: request.body.phone,
      });
      return reply.code(201).send(started);
    },
  );

  app.post(
    '/api/auth/phone/:id/confirm',
    {
      config,
      schema: {
        tags: ['auth'],
        summary: 'Confirm your new phone with the code it received',
        params: z.object({ id: z.string().min(1).max(64) }),
        body: ConfirmVerificationRequest,
        response: {
          200: z.object({ phoneMissing: Me.shape.operator.shape.phoneMissing }),
          ...errors,
        },
      },
    },
    async (request) => {
      const session = requireSession(request);
      const username = session.operator.username;
      // Still none: a phone set meanwhile (by the provider's claim, an admin) is not replaced.
      if ((await operators.get(username))?.phone !== '') throw alreadyHasPhone();
      const row = await phoneChange.confirm({
        actor: {
          username,
          sessionIdHash: session.idHash,
          requestId: request.id,
          ip: request.ip ?? null,
        },
        targetOperator: username,
        verificationId: request.params.id,
        code: request.body.code,
        keepIdHash: session.idHash,
      });
      return { phoneMissing: row.phone === '' };
    },
  );
};
export default ownPhoneRoutes;
