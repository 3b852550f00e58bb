import {
  ADMIN_ONLY_ACTIONS,
  ConsoleErrorCode,
  OPERATOR_VERIFIED_ACTIONS,
  ConfirmVerificationRequest,
  ConfirmVerificationResponse,
  StartVerificationRequest,
  StartVerificationResponse,
} from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiHttpError,
  ConsoleError,
  forbidden,
  notFound,
  validationFailed,
} from '../../../errors.js';
import { assertCanManageUser, requireSession } from '../../../plugins/app/auth.js';
import { errors } from '../common.js';

export interface VerificationRouteOptions {
  codeRoutesPerMinutePerIp: number;
}

const verificationRoutes: FastifyPluginAsyncZod<VerificationRouteOptions> = async (app, opts) => {
  const { verification, audit, operators, db } = app.services;
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
      const { action, userName, operator: targetOperator, accessKeyId } = request.body;
      const ramUserName = userName ?? null;
      // Ask for a code only for something this operator may do.
      // (Which actions name a RAM user and which the account: the request schema.)
      if (OPERATOR_VERIFIED_ACTIONS.has(action)) {
        if (session.operator.role !== 'admin') throw forbidden('Only admins change operators');
        const target = await operators.get(targetOperator!);
        if (action === 'CreateOperator' ? !!target : !target) {
          throw action === 'CreateOperator'
            ? new ConsoleError(
                ConsoleErrorCode.Conflict,
                `Operator ${targetOperator} already exists`,
                { reason: 'operatorExists' },
              )
            : notFound(`No operator ${targetOperator}`);
        }
        if (action === 'ResetOperatorPassword' && targetOperator === session.operator.username) {
          throw validationFailed(
            'operator',
            'Change your own password with POST /api/auth/password (it asks for the current one)',
          );
        }
      } else if (ADMIN_ONLY_ACTIONS.has(action) && session.operator.role !== 'admin') {
        throw forbidden(`Only admins may ${action}`);
      } else if (ramUserName === null) {
        if (session.operator.role !== 'admin') {
          throw forbidden("Only admins manage the account's own AccessKeys");
        }
      } else {
        assertCanManageUser(session, ramUserName);
      }
      const entry = {
        operator: session.operator.username,
        action: 'SendVerificationCode' as const,
        ramUserName,
        targetOperator: targetOperator ?? null,
        requestId: request.id,
        ip: request.ip,
      };
      const started = await audit.run(entry, async (within) => {
        // An SSO operator whose provider sent no verified phone adds one first (POST /api/auth/phone).
        if (session.operator.phone === '') {
          throw new ConsoleError(
            ConsoleErrorCode.PhoneRequired,
            'Add your phone number first (POST /api/auth/phone): codes are sent to it',
          );
        }
        const result = await verification.start({
          sessionIdHash: session.idHash,
          operator: session.operator.username,
          phone: session.operator.phone,
          target: {
            action,
            ramUserName,
            targetOperator: targetOperator ?? null,
            accessKeyId: accessKeyId ?? null,
          },
        });
        await within(db);
        return result;
      });
      return reply.code(201).send(started);
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
        return {
          ticket: confirmed.ticket,
          expiresAt: confirmed.expiresAt,
          stepUpUntil: confirmed.stepUpUntil,
        };
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
