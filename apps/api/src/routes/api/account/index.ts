import {
  AccessKeyParams,
  CreateAccessKeyResponse,
  ListAccessKeysResponse,
  UpdateAccessKeyRequest,
} from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actionContext, CreateAccessKeyBody, errors, ticketHeaders } from '../common.js';

/** The account's own AccessKeys (RAM calls without UserName). Admins only. */
const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const { accessKeys } = app.services;
  const config = { access: 'admin' as const };

  app.get(
    '/api/account/access-keys',
    { config, schema: { tags: ['account'], response: { 200: ListAccessKeysResponse, ...errors } } },
    async () => accessKeys.list(null),
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
      await accessKeys.setStatus(
        actionContext(request),
        null,
        request.params.accessKeyId,
        request.body.status,
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
