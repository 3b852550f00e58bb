import {
  ConfirmVerificationRequest,
  ConfirmVerificationResponse,
  StartVerificationRequest,
  StartVerificationResponse,
} from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiHttpError, forbidden } from '../../../errors.js';
import { assertCanManageUser, requireSession } from '../../../plugins/app/auth.js';
import { errors } from '../common.js';

export interface VerificationRouteOptions {
  codeRoutesPerMinutePerIp: number;
}

const verificationRoutes: FastifyPluginAsyncZod<VerificationRouteOptions> = async (app, opts) => {
  const { verification, audit } = app.services;
  const rateLimit = { max: opts.codeRoutesPerMinutePerIp, timeWindow: '1 minute' };

  app.post(
    '/api/verifications',
    {
      config: { access: 'operator', rateLimit },
      schema: {
        tags: ['verification'],
        body: StartVerificationRequest,
        response: { 201: StartVerificationResponse, ...errors },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      const { action, userName } = request.body;
      const ramUserName = userName ?? null;
      // Ask for a code only for something this operator may do.
      if (ramUserName === null) {
        if (session.operator.role !== 'admin') {
          throw forbidden("Only admins manage the account's own AccessKeys");
        }
        if (action === 'DeleteUser') {
          throw new ApiHttpError(400, 'ValidationFailed', 'DeleteUser needs a userName', {
            issues: [{ path: 'userName', message: 'DeleteUser needs a userName' }],
          });
        }
      } else {
        if (action === 'DeleteUser' && session.operator.role !== 'admin') {
          throw forbidden('Only admins delete RAM users');
        }
        assertCanManageUser(session, ramUserName);
      }
      try {
        const started = await verification.start({
          sessionIdHash: session.idHash,
          operator: session.operator.username,
          phone: session.operator.phone,
          target: { action, ramUserName },
        });
        await audit.record({
          operator: session.operator.username,
          action: 'SendVerificationCode',
          ramUserName,
          outcome: 'success',
          requestId: request.id,
          ip: request.ip,
        });
        return reply.code(201).send(started);
      } catch (err) {
        await audit.record({
          operator: session.operator.username,
          action: 'SendVerificationCode',
          ramUserName,
          outcome: 'failure',
          errorCode: err instanceof ApiHttpError ? err.code : 'InternalError',
          requestId: request.id,
          ip: request.ip,
        });
        throw err;
      }
    },
  );

  app.post(
    '/api/verifications/:id/confirm',
    {
      config: { access: 'operator', rateLimit },
      schema: {
        tags: ['verification'],
        params: z.object({ id: z.string().min(1).max(64) }),
        body: ConfirmVerificationRequest,
        response: { 200: ConfirmVerificationResponse, ...errors },
      },
    },
    async (request) => {
      const session = requireSession(request);
      try {
        const confirmed = await verification.confirm({
          sessionIdHash: session.idHash,
          verificationId: request.params.id,
          code: request.body.code,
        });
        return { ticket: confirmed.ticket, expiresAt: confirmed.expiresAt };
      } catch (err) {
        await audit.record({
          operator: session.operator.username,
          action: 'ConfirmVerificationCode',
          outcome: 'failure',
          errorCode: err instanceof ApiHttpError ? err.code : 'InternalError',
          requestId: request.id,
          ip: request.ip,
        });
        throw err;
      }
    },
  );
};
export default verificationRoutes;
