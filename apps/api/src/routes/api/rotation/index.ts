import {
  CreateAccessKeyResponse,
  CreateRotationKeyRequest,
  Rotation,
  RotationResponse,
  UserParams,
} from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertCanManageUser, requireSession } from '../../../plugins/app/auth.js';
import { actionContext, errors, ticketHeaders } from '../common.js';

/**
 * The rotation wizard of one RAM user (admins, or the member mapped to that user). Each POST is
 * one step; GET is what the page polls (both keys' last use and whether the new key is adopted).
 */
const rotationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { rotations } = app.services;
  const tags = ['rotation'];
  // Admins, or the member mapped to the RAM user (checked in each handler).
  const config = { access: 'operator' as const };
  const base = '/api/users/:userName/rotation';

  app.get(
    base,
    {
      config,
      schema: { tags, params: UserParams, response: { 200: RotationResponse, ...errors } },
    },
    async (request) => {
      assertCanManageUser(requireSession(request), request.params.userName);
      return rotations.get(request.params.userName);
    },
  );

  app.post(
    base,
    {
      config,
      schema: {
        tags,
        params: UserParams,
        response: { 201: z.object({ rotation: Rotation }), ...errors },
      },
    },
    async (request, reply) => {
      assertCanManageUser(requireSession(request), request.params.userName);
      const rotation = await rotations.start(actionContext(request), request.params.userName);
      return reply.code(201).send({ rotation });
    },
  );

  app.post(
    `${base}/new-key`,
    {
      config,
      schema: {
        tags,
        headers: ticketHeaders,
        params: UserParams,
        body: z.preprocess((v) => v ?? {}, CreateRotationKeyRequest),
        response: { 201: CreateAccessKeyResponse, ...errors },
      },
    },
    async (request, reply) => {
      assertCanManageUser(requireSession(request), request.params.userName);
      const created = await rotations.createNewKey(
        actionContext(request),
        request.params.userName,
        request.body.description,
      );
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.post(
    `${base}/disable-old-key`,
    { config, schema: { tags, params: UserParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      assertCanManageUser(requireSession(request), request.params.userName);
      await rotations.disableOldKey(actionContext(request), request.params.userName);
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${base}/delete-old-key`,
    {
      config,
      schema: {
        tags,
        headers: ticketHeaders,
        params: UserParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      assertCanManageUser(requireSession(request), request.params.userName);
      await rotations.deleteOldKey(actionContext(request), request.params.userName);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    base,
    { config, schema: { tags, params: UserParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      assertCanManageUser(requireSession(request), request.params.userName);
      await rotations.cancel(actionContext(request), request.params.userName);
      return reply.code(204).send(null);
    },
  );
};
export default rotationRoutes;
