import {
  CreateOperatorRequest,
  ListOperatorsResponse,
  OperatorResponse,
  OperatorParams,
  UpdateOperatorRequest,
  type AuditAction,
  type VerifiedAction,
} from '@ram-console/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toOperator, type WithinTransaction } from '../../../plugins/app/operators.js';
import { actionContext, errors, ticketHeaders } from '../common.js';

/**
 * Console operators. Admins only; every change is a verified action bound to the operator it
 * changes (`x-verification-ticket` for that action and that operator), one audit row each with the
 * operator in `targetOperator`.
 */
const operatorRoutes: FastifyPluginAsyncZod = async (app) => {
  const { operators, audit, verification } = app.services;
  const config = { access: 'admin' as const };
  const tags = ['operators'];

  /**
   * Spend the ticket for (action, target), then run the change; its success row is written in
   * the change's transaction, a refusal's row with the refusal.
   */
  async function verifiedChange<T>(
    request: FastifyRequest,
    action: VerifiedAction & AuditAction,
    target: string,
    change: (within: WithinTransaction) => Promise<T>,
  ): Promise<T> {
    const ctx = actionContext(request);
    const entry = {
      operator: ctx.operator,
      action,
      targetOperator: target,
      requestId: ctx.requestId,
      ip: ctx.ip,
    };
    return audit.run(entry, async (within) => {
      const how = await verification.requireVerified(
        {
          ticket: ctx.ticket,
          sessionIdHash: ctx.sessionIdHash,
          target: { action, ramUserName: null, targetOperator: target },
        },
        entry,
      );
      return change((trx) => within(trx, { verification: how }));
    });
  }

  app.get(
    '/api/operators',
    { config, schema: { tags, response: { 200: ListOperatorsResponse, ...errors } } },
    async () => {
      const [rows, sessions] = await Promise.all([operators.list(), operators.sessionCounts()]);
      return { operators: rows.map((r) => toOperator(r, sessions.get(r.username) ?? 0)) };
    },
  );

  app.post(
    '/api/operators',
    {
      config,
      schema: {
        tags,
        headers: ticketHeaders,
        body: CreateOperatorRequest,
        response: { 201: OperatorResponse, ...errors },
      },
    },
    async (request, reply) => {
      // The admin chose the password: by default the new operator replaces it at the first
      // sign-in.
      const { mustChangePassword, ...input } = request.body;
      const row = await verifiedChange(request, 'CreateOperator', input.username, (within) =>
        operators.create(input, { mustChangePassword }, within),
      );
      return reply.code(201).send({ operator: toOperator(row) });
    },
  );

  app.patch(
    '/api/operators/:username',
    {
      config,
      schema: {
        tags,
        headers: ticketHeaders,
        params: OperatorParams,
        body: UpdateOperatorRequest,
        response: { 200: OperatorResponse, ...errors },
      },
    },
    async (request) => {
      const { username } = request.params;
      const { role, ramUserName } = request.body;
      const self = actionContext(request).sessionIdHash;
      const row =
        role !== undefined
          ? await verifiedChange(request, 'UpdateOperatorRole', username, (within) =>
              operators.setRole(username, { role, ramUserName }, self, within),
            )
          : await verifiedChange(request, 'UpdateOperatorRamUser', username, (within) =>
              operators.setRamUser(username, ramUserName!, within),
            );
      return { operator: toOperator(row) };
    },
  );

  app.delete(
    '/api/operators/:username',
    {
      config,
      schema: {
        tags,
        headers: ticketHeaders,
        params: OperatorParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const { username } = request.params;
      await verifiedChange(request, 'DeleteOperator', username, (within) =>
        operators.remove(username, within),
      );
      return reply.code(204).send(null);
    },
  );
};
export default operatorRoutes;
