import {
  ConfirmVerificationRequest,
  CreateOperatorRequest,
  EndSessionsResponse,
  ListOperatorsResponse,
  OperatorResponse,
  OperatorParams,
  PhoneChangeParams,
  ResetOperatorPasswordRequest,
  StartPhoneChangeRequest,
  StartVerificationResponse,
  UpdateOperatorRequest,
  type AuditAction,
  type VerifiedAction,
} from '@ram-console/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound, validationFailed } from '../../../errors.js';
import { toOperator, type WithinTransaction } from '../../../plugins/app/operators.js';
import { actionContext, errors, ticketHeaders } from '../common.js';

/**
 * Console operators. Admins only; every change is a verified action bound to the operator it
 * changes (`x-verification-ticket` for that action and that operator), one audit row each with the
 * operator in `targetOperator`.
 */
export interface OperatorRouteOptions {
  /** The phone change sends codes: the same per-IP limit as the verification routes. */
  codeRoutesPerMinutePerIp: number;
}

const client = (request: FastifyRequest) => ({ requestId: request.id, ip: request.ip ?? null });

const operatorRoutes: FastifyPluginAsyncZod<OperatorRouteOptions> = async (app, opts) => {
  const { operators, audit, verification, phoneChange, sessions, db } = app.services;
  const codeRateLimit = { max: opts.codeRoutesPerMinutePerIp, timeWindow: '1 minute' };
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

  /**
   * An admin sets another operator's password (one's own goes through POST /api/auth/password,
   * which asks for the current one). All the operator's sessions end; by default they must
   * choose their own password at the next sign-in.
   */
  app.put(
    '/api/operators/:username/password',
    {
      config,
      schema: {
        tags,
        headers: ticketHeaders,
        params: OperatorParams,
        body: ResetOperatorPasswordRequest,
        response: { 200: OperatorResponse, ...errors },
      },
    },
    async (request) => {
      const { username } = request.params;
      if (username === actionContext(request).operator) {
        throw validationFailed(
          'username',
          'Change your own password with POST /api/auth/password (it asks for the current one)',
        );
      }
      const { password, mustChangePassword } = request.body;
      const row = await verifiedChange(request, 'ResetOperatorPassword', username, (within) =>
        operators.setPassword(username, password, { mustChangePassword, keepIdHash: null }, within),
      );
      return { operator: toOperator(row) };
    },
  );

  /**
   * Step 1 of a phone change (ticket ChangeOperatorPhone for this operator, from the admin's own
   * phone): a code goes to the NEW number. Nothing changes until step 2 confirms it.
   */
  app.post(
    '/api/operators/:username/phone-change',
    {
      config: { ...config, rateLimit: codeRateLimit },
      schema: {
        tags,
        headers: ticketHeaders,
        params: OperatorParams,
        body: StartPhoneChangeRequest,
        response: { 201: StartVerificationResponse, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = actionContext(request);
      const { username } = request.params;
      const started = await phoneChange.start(
        {
          actor: { username: ctx.operator, sessionIdHash: ctx.sessionIdHash, ...client(request) },
          targetOperator: username,
          newPhone: request.body.phone,
        },
        (refusal) =>
          verification.requireVerified(
            {
              ticket: ctx.ticket,
              sessionIdHash: ctx.sessionIdHash,
              target: {
                action: 'ChangeOperatorPhone',
                ramUserName: null,
                targetOperator: username,
              },
            },
            refusal,
          ),
      );
      return reply.code(201).send(started);
    },
  );

  /**
   * Step 2: the code the new number received, from the session that started the change. The
   * phone switches, the old number is told, the operator's other sessions end.
   */
  app.post(
    '/api/operators/:username/phone-change/:id/confirm',
    {
      config: { ...config, rateLimit: codeRateLimit },
      schema: {
        tags,
        params: PhoneChangeParams,
        body: ConfirmVerificationRequest,
        response: { 200: OperatorResponse, ...errors },
      },
    },
    async (request) => {
      const ctx = actionContext(request);
      const row = await phoneChange.confirm({
        actor: { username: ctx.operator, sessionIdHash: ctx.sessionIdHash, ...client(request) },
        targetOperator: request.params.username,
        verificationId: request.params.id,
        code: request.body.code,
        keepIdHash: ctx.sessionIdHash,
      });
      return { operator: toOperator(row) };
    },
  );

  /**
   * Ends an operator's sessions (a lost laptop, someone leaving). No ticket: like disabling a
   * key, it only takes access away. An admin's own current session stays.
   */
  app.delete(
    '/api/operators/:username/sessions',
    {
      config,
      schema: {
        tags,
        params: OperatorParams,
        response: { 200: EndSessionsResponse, ...errors },
      },
    },
    async (request) => {
      const ctx = actionContext(request);
      const { username } = request.params;
      const ended = await audit.run(
        {
          operator: ctx.operator,
          action: 'EndSessions',
          targetOperator: username,
          requestId: ctx.requestId,
          ip: ctx.ip,
        },
        async (within) => {
          if (!(await operators.get(username))) throw notFound(`No operator ${username}`);
          return db.transaction().execute(async (trx) => {
            const n = await sessions.endAll(username, ctx.sessionIdHash, trx);
            await within(trx);
            return n;
          });
        },
      );
      return { ended };
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
