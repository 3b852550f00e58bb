import {
  AccessKeyParams,
  ListAccessKeysQuery,
  CreateAccessKeyResponse,
  ListAccessKeysResponse,
  UpdateAccessKeyRequest,
} from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionContext, CreateAccessKeyBody, errors, ticketHeaders, updateKey } from '../common.js';

/** The account's own AccessKeys (RAM calls without UserName). Admins only. */
const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const { accessKeys } = app.services;
  const config = { access: 'admin' as const };

  app.get(
    '/api/account/access-keys',
    {
      config,
      schema: {
        tags: ['account'],
        querystring: ListAccessKeysQuery,
        response: { 200: ListAccessKeysResponse, ...errors },
      },
    },
    async (request) => accessKeys.list(null, request.query.flag),
  );

  app.post(
    '/api/account/access-keys',
    {
      config,
      schema: {
        tags: ['account'],
        headers: ticketHeaders,
        body: CreateAccessKeyBody,
        response: { 201: CreateAccessKeyResponse, ...errors },
      },
    },
    async (request, reply) => {
      const created = await accessKeys.create(
        actionContext(request),
        null,
        request.body.description,
      );
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.patch(
    '/api/account/access-keys/:accessKeyId',
    {
      config,
      schema: {
        tags: ['account'],
        headers: ticketHeaders,
        params: AccessKeyParams,
        body: UpdateAccessKeyRequest,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await updateKey(
        accessKeys,
        actionContext(request),
        null,
        request.params.accessKeyId,
        request.body,
      );
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/account/access-keys/:accessKeyId',
    {
      config,
      schema: {
        tags: ['account'],
        headers: ticketHeaders,
        params: AccessKeyParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await accessKeys.remove(actionContext(request), null, request.params.accessKeyId);
      return reply.code(204).send(null);
    },
  );
};
export default accountRoutes;
