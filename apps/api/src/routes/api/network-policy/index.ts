import {
  AccessKeyParams,
  KeyUsageResponse,
  NetworkPolicyDryRunResponse,
  NetworkPolicyRequest,
  NetworkPolicyResponse,
  UserAccessKeyParams,
} from '@ram-console/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { assertCanManageUser, requireSession } from '../../../plugins/app/auth.js';
import { actionContext, errors, ticketHeaders } from '../common.js';

/**
 * A key's network access restriction, its dry run and where it was used, for a RAM user's key
 * (the user's admin or the member mapped to it) and for the account's own keys (admins); and the
 * account-level restriction (admins). Saving needs a ticket.
 */
const networkPolicyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { networkPolicies } = app.services;
  const tags = ['network-policy'];
  const userKey = '/api/users/:userName/access-keys/:accessKeyId';
  const accountKey = '/api/account/access-keys/:accessKeyId';
  const own = (request: FastifyRequest, userName: string) =>
    assertCanManageUser(requireSession(request), userName);

  // A RAM user's key
  app.get(
    `${userKey}/network-policy`,
    {
      config: { access: 'operator' },
      schema: {
        tags,
        params: UserAccessKeyParams,
        response: { 200: NetworkPolicyResponse, ...errors },
      },
    },
    async (request) => {
      own(request, request.params.userName);
      return networkPolicies.getForKey(request.params.userName, request.params.accessKeyId);
    },
  );
  app.put(
    `${userKey}/network-policy`,
    {
      config: { access: 'operator' },
      schema: {
        tags,
        headers: ticketHeaders,
        params: UserAccessKeyParams,
        body: NetworkPolicyRequest,
        response: { 200: NetworkPolicyResponse, ...errors },
      },
    },
    async (request) => {
      own(request, request.params.userName);
      const { userName, accessKeyId } = request.params;
      return networkPolicies.setForKey(actionContext(request), userName, accessKeyId, request.body);
    },
  );
  app.post(
    `${userKey}/network-policy/dry-run`,
    {
      config: { access: 'operator' },
      schema: {
        tags,
        params: UserAccessKeyParams,
        body: NetworkPolicyRequest,
        response: { 200: NetworkPolicyDryRunResponse, ...errors },
      },
    },
    async (request) => {
      own(request, request.params.userName);
      const { userName, accessKeyId } = request.params;
      return networkPolicies.dryRunForKey(userName, accessKeyId, request.body);
    },
  );
  app.get(
    `${userKey}/usage`,
    {
      config: { access: 'operator' },
      schema: { tags, params: UserAccessKeyParams, response: { 200: KeyUsageResponse, ...errors } },
    },
    async (request) => {
      own(request, request.params.userName);
      return networkPolicies.usage(request.params.userName, request.params.accessKeyId);
    },
  );

  // The account's own keys
  const admin = { access: 'admin' as const };
  app.get(
    `${accountKey}/network-policy`,
    {
      config: admin,
      schema: {
        tags,
        params: AccessKeyParams,
        response: { 200: NetworkPolicyResponse, ...errors },
      },
    },
    async (request) => networkPolicies.getForKey(null, request.params.accessKeyId),
  );
  app.put(
    `${accountKey}/network-policy`,
    {
      config: admin,
      schema: {
        tags,
        headers: ticketHeaders,
        params: AccessKeyParams,
        body: NetworkPolicyRequest,
        response: { 200: NetworkPolicyResponse, ...errors },
      },
    },
    async (request) =>
      networkPolicies.setForKey(
        actionContext(request),
        null,
        request.params.accessKeyId,
        request.body,
      ),
  );
  app.post(
    `${accountKey}/network-policy/dry-run`,
    {
      config: admin,
      schema: {
        tags,
        params: AccessKeyParams,
        body: NetworkPolicyRequest,
        response: { 200: NetworkPolicyDryRunResponse, ...errors },
      },
    },
    async (request) => networkPolicies.dryRunForKey(null, request.params.accessKeyId, request.body),
  );
  app.get(
    `${accountKey}/usage`,
    {
      config: admin,
      schema: { tags, params: AccessKeyParams, response: { 200: KeyUsageResponse, ...errors } },
    },
    async (request) => {
      return networkPolicies.usage(null, request.params.accessKeyId);
    },
  );

  // The account-level restriction (every key without its own Active policy)
  app.get(
    '/api/account/network-policy',
    { config: admin, schema: { tags, response: { 200: NetworkPolicyResponse, ...errors } } },
    async () => networkPolicies.getForAccount(),
  );
  app.put(
    '/api/account/network-policy',
    {
      config: admin,
      schema: {
        tags,
        headers: ticketHeaders,
        body: NetworkPolicyRequest,
        response: { 200: NetworkPolicyResponse, ...errors },
      },
    },
    async (request) => networkPolicies.setForAccount(actionContext(request), request.body),
  );
  app.post(
    '/api/account/network-policy/dry-run',
    {
      config: admin,
      schema: {
        tags,
        body: NetworkPolicyRequest,
        response: { 200: NetworkPolicyDryRunResponse, ...errors },
      },
    },
    async (request) => networkPolicies.dryRunForAccount(request.body),
  );
};
export default networkPolicyRoutes;
