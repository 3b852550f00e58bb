import {
  CreateOperatorRequest,
  ListOperatorsResponse,
  OperatorResponse,
  OperatorParams,
  UpdateOperatorRequest,
} from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiHttpError } from '../../../errors.js';
import { toOperator, type WithinTransaction } from '../../../plugins/app/operators.js';
import { actionContext, errors } from '../common.js';

/** Console operators. Admins only. */
const operatorRoutes: FastifyPluginAsyncZod = async (app) => {
  const { operators, audit } = app.services;
  const config = { access: 'admin' as const };

  /** Success is audited inside the change's transaction; a refusal changes nothing and is audited after. */
  async function audited<T>(
    request: Parameters<typeof actionContext>[0],
    action: string,
    target: string,
    run: (within: WithinTransaction) => Promise<T>,
  ): Promise<T> {
    // The audit row has no "target operator" column: the action names it, e.g. CreateOperator:bob.
    const ctx = actionContext(request);
    const base = {
      operator: ctx.operator,
      action: `${action}:${target}`,
      requestId: ctx.requestId,
      ip: ctx.ip,
    };
    try {
      return await run((trx) => audit.record({ ...base, outcome: 'success' }, trx));
    } catch (err) {
      await audit.record({
        ...base,
        outcome: 'failure',
        errorCode: err instanceof ApiHttpError ? err.code : 'InternalError',
      });
      throw err;
    }
  }

  app.get(
    '/api/operators',
    {
      config,
      schema: { tags: ['operators'], response: { 200: ListOperatorsResponse, ...errors } },
    },
    async () => ({ operators: (await operators.list()).map(toOperator) }),
  );

  app.post(
    '/api/operators',
    {
      config,
      schema: {
        tags: ['operators'],
        body: CreateOperatorRequest,
        response: { 201: OperatorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const row = await audited(request, 'CreateOperator', request.body.username, (within) =>
        operators.create(request.body, within),
      );
      return reply.code(201).send({ operator: toOperator(row) });
    },
  );

  app.patch(
    '/api/operators/:username',
    {
      config,
      schema: {
        tags: ['operators'],
        params: OperatorParams,
        body: UpdateOperatorRequest,
        response: { 200: OperatorResponse, ...errors },
      },
    },
    async (request) => {
      const row = await audited(request, 'UpdateOperator', request.params.username, (within) =>
        operators.update(request.params.username, request.body, within),
      );
      return { operator: toOperator(row) };
    },
  );

  app.delete(
    '/api/operators/:username',
    {
      config,
      schema: {
        tags: ['operators'],
        params: OperatorParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await audited(request, 'DeleteOperator', request.params.username, (within) =>
        operators.remove(request.params.username, within),
      );
      return reply.code(204).send(null);
    },
  );
};
export default operatorRoutes;
