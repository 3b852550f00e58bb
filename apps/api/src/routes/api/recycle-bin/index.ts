import {
  AccountRecycleBinResponse,
  RecycledUserParams,
  UserAccessKeyParams,
  UserParams,
  UserRecycleBinResponse,
} from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertCanManageUser, requireSession } from '../../../plugins/app/auth.js';
import { actionContext, errors, ticketHeaders } from '../common.js';

/**
 * RAM's recycle bins: a RAM user's deleted keys (that user's admin or the member mapped to it)
 * and the whole account's binned users and keys (admins). Restore and Delete permanently need a
 * ticket.
 */
const recycleBinRoutes: FastifyPluginAsyncZod = async (app) => {
  const { recycleBin } = app.services;
  const tags = ['recycle-bin'];

  app.get(
    '/api/users/:userName/recycle-bin',
    {
      config: { access: 'operator' },
      schema: { tags, params: UserParams, response: { 200: UserRecycleBinResponse, ...errors } },
    },
    async (request) => {
      assertCanManageUser(requireSession(request), request.params.userName);
      return recycleBin.listForUser(request.params.userName);
    },
  );
  app.post(
    '/api/users/:userName/recycle-bin/:accessKeyId/restore',
    {
      config: { access: 'operator' },
      schema: {
        tags,
        headers: ticketHeaders,
        params: UserAccessKeyParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      assertCanManageUser(requireSession(request), request.params.userName);
      const { userName, accessKeyId } = request.params;
      await recycleBin.restoreKey(actionContext(request), userName, accessKeyId);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/api/users/:userName/recycle-bin/:accessKeyId',
    {
      config: { access: 'operator' },
      schema: {
        tags,
        headers: ticketHeaders,
        params: UserAccessKeyParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      assertCanManageUser(requireSession(request), request.params.userName);
      const { userName, accessKeyId } = request.params;
      await recycleBin.purgeKey(actionContext(request), userName, accessKeyId);
      return reply.code(204).send(null);
    },
  );

  const admin = { access: 'admin' as const };
  app.get(
    '/api/recycle-bin',
    { config: admin, schema: { tags, response: { 200: AccountRecycleBinResponse, ...errors } } },
    async () => recycleBin.listAccount(),
  );
  app.post(
    '/api/recycle-bin/users/:userId/restore',
    {
      config: admin,
      schema: {
        tags,
        headers: ticketHeaders,
        params: RecycledUserParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await recycleBin.restoreUser(actionContext(request), request.params.userId);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/api/recycle-bin/users/:userId',
    {
      config: admin,
      schema: {
        tags,
        headers: ticketHeaders,
        params: RecycledUserParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await recycleBin.purgeUser(actionContext(request), request.params.userId);
      return reply.code(204).send(null);
    },
  );
};
export default recycleBinRoutes;
