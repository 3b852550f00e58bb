import {
  CreateAccessKeyResponse,
  CreateUserRequest,
  ListAccessKeysQuery,
  ListAccessKeysResponse,
  ListUsersQuery,
  ListUsersResponse,
  UpdateAccessKeyRequest,
  UserAccessKeyParams,
  UserParams,
  UserResponse,
  type RamUser,
  type UserSort,
} from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiHttpError } from '../../../errors.js';
import { assertCanManageUser, requireSession } from '../../../plugins/app/auth.js';
import type { RamUserRecord } from '../../../plugins/app/ram-gateway.js';
import { createUserDirectory } from '../../../plugins/app/user-directory.js';
import { actionContext, CreateAccessKeyBody, errors, ticketHeaders, updateKey } from '../common.js';

/**
 * `q` search: RAM has no server-side filter, so searches are answered from the user directory
 * (plugins/app/user-directory.ts: every user read once, refreshed in the background) by a
 * case-insensitive substring of user name or display name. The marker of a search is the
 * console's own, not RAM's: `q:<offset>:<last user name>` (searchMarker below), valid on any
 * instance. Users created or deleted through one instance reach the others' directories through
 * the change feed (PostgreSQL LISTEN/NOTIFY, within milliseconds).
 */

/** A copy sorted as asked (RAM's order when `sort` is absent); ties keep RAM's order. */
function sortUsers(users: RamUserRecord[], sort: UserSort | undefined): RamUserRecord[] {
  if (!sort) return users;
  const key = sort.replace(/^-/, '') as 'userName' | 'createDate';
  const dir = sort.startsWith('-') ? -1 : 1;
  return [...users].sort((a, b) => dir * a[key].localeCompare(b[key]));
}

/** The most ListUsers pages of 1,000 a full read of the account takes (search, credential report). */
export const SEARCH_SCAN_PAGES = 100;

const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ram, accessKeys, audit } = app.services;
  const directory = createUserDirectory({
    listUsers: (marker, maxItems) => ram.listUsers(marker, maxItems),
    now: app.services.now,
    maxPages: SEARCH_SCAN_PAGES,
  });
  app.services.changes.subscribe(
    (event) => {
      if (event.kind === 'user-added') directory.added(event.user);
      if (event.kind === 'user-removed') directory.removed(event.userName);
    },
    () => directory.reload(),
  );
  /** Apply a change here and tell the other instances (a failed notice fails nothing). */
  const userAdded = async (user: RamUserRecord) => {
    directory.added(user);
    await app.services.changes
      .publish({ kind: 'user-added', user })
      .catch((err: unknown) => app.log.warn({ err }, 'change feed: could not notify'));
  };
  const userRemoved = async (userName: string) => {
    directory.removed(userName);
    await app.services.changes
      .publish({ kind: 'user-removed', userName })
      .catch((err: unknown) => app.log.warn({ err }, 'change feed: could not notify'));
  };

  /**
   * One page of a search from a marker. The offset alone would do if every instance held the
   * same list; the last user name shown makes the marker valid on any instance: when the user
   * before the offset is not that user here (a user before it was deleted, or this instance's
   * copy is ordered differently), the page continues after that user wherever it is.
   */
  async function searchFrom(needle: string, marker: string | undefined, maxItems: number) {
    const m = marker ? /^q:(\d+)(?::(.+))?$/.exec(marker) : null;
    const offset = m ? Number(m[1]) : 0;
    const after = m?.[2] !== undefined ? decodeURIComponent(m[2]) : undefined;
    let start = offset;
    let page: { users: RamUserRecord[]; more: boolean };
    if (after === undefined || offset === 0) {
      page = await directory.searchPage(needle, offset, maxItems);
    } else {
      const probe = await directory.searchPage(needle, offset - 1, maxItems + 1);
      if (probe.users[0]?.userName === after) {
        page = { users: probe.users.slice(1), more: probe.more };
      } else {
        const all = await directory.search(needle);
        const at = all.findIndex((u) => u.userName === after);
        start = at === -1 ? Math.min(offset, all.length) : at + 1;
        page = { users: all.slice(start, start + maxItems), more: start + maxItems < all.length };
      }
    }
    const last = page.users[page.users.length - 1];
    return {
      users: page.users,
      marker:
        page.more && last
          ? `q:${start + page.users.length}:${encodeURIComponent(last.userName)}`
          : null,
      /** The number of matches, when this page is the last one (else unknown). */
      total: page.more ? null : start + page.users.length,
    };
  }

  async function toRamUser(u: RamUserRecord): Promise<RamUser> {
    const { accountAlias } = await app.services.account();
    return { ...u, userPrincipalName: `${u.userName}@${accountAlias}.onaliyun.com` };
  }

  app.get(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        querystring: ListUsersQuery,
        response: { 200: ListUsersResponse, ...errors },
      },
    },
    async (request) => {
      const { marker, maxItems = 100, q, sort } = request.query;
      const needle = q?.trim().toLowerCase();
      if (!needle && !sort) {
        if (marker?.startsWith('q:')) {
          throw new ApiHttpError(
            400,
            'ValidationFailed',
            'This marker belongs to a search or a sorted list; pass q or sort',
            {
              issues: [
                {
                  path: 'marker',
                  message: 'This marker belongs to a search or a sorted list; pass q or sort',
                },
              ],
            },
          );
        }
        // RAM's own paging, fresh; the total from the directory (one ListUsers per 1,000 users,
        // at most every 15 s).
        const [page, all] = await Promise.all([ram.listUsers(marker, maxItems), directory.all()]);
        return {
          users: await Promise.all(page.users.map(toRamUser)),
          isTruncated: page.isTruncated,
          marker: page.marker,
          total: all.length,
        };
      }
      // A search or a sort: RAM has neither, the directory answers (markers are the console's).
      if (!sort) {
        // A search in the directory's order: markers name the last user shown (any instance).
        const page = await searchFrom(needle!, marker, maxItems);
        return {
          users: await Promise.all(page.users.map(toRamUser)),
          isTruncated: page.marker !== null,
          marker: page.marker,
          total: page.total,
        };
      }
      // Sorted: every match is needed to sort, and the offset is the marker (`q:<offset>`, the
      // name part of a search marker ignored): every instance sorts the same matches alike.
      const offset =
        marker && /^q:\d+(:.*)?$/.test(marker) ? Number(/^q:(\d+)/.exec(marker)![1]) : 0;
      const matches = sortUsers(
        needle ? await directory.search(needle) : await directory.all(),
        sort,
      );
      const slice = matches.slice(offset, offset + maxItems);
      const more = offset + maxItems < matches.length;
      return {
        users: await Promise.all(slice.map(toRamUser)),
        isTruncated: more,
        marker: more ? `q:${offset + maxItems}` : null,
        total: matches.length,
      };
    },
  );

  app.post(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        body: CreateUserRequest,
        response: { 201: UserResponse, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = actionContext(request);
      const user = await accessKeys.audited(
        ctx,
        { action: 'CreateUser', ramUserName: request.body.userName },
        async () => {
          const { value, ramRequestId } = await ram.createUser(request.body);
          await userAdded(value);
          return { result: value, ramRequestId };
        },
      );
      return reply.code(201).send({ user: await toRamUser(user) });
    },
  );

  app.get(
    '/api/users/:userName',
    {
      config: { access: 'operator' },
      schema: { tags: ['users'], params: UserParams, response: { 200: UserResponse, ...errors } },
    },
    async (request) => {
      assertCanManageUser(requireSession(request), request.params.userName);
      return { user: await toRamUser(await ram.getUser(request.params.userName)) };
    },
  );

  app.delete(
    '/api/users/:userName',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['users'],
        headers: ticketHeaders,
        params: UserParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = actionContext(request);
      const { userName } = request.params;
      await accessKeys.audited(ctx, { action: 'DeleteUser', ramUserName: userName }, async () => {
        await accessKeys.requireTicket(ctx, 'DeleteUser', userName);
        const { ramRequestId } = await ram.deleteUser(userName, async (id, keyRequestId) => {
          // One row per key removed along with the user, written as each goes. The keys wait in
          // RAM's recycle bin with the user: their descriptions stay for a restore.
          await audit.record({
            operator: ctx.operator,
            action: 'DeleteAccessKey',
            ramUserName: userName,
            accessKeyId: id,
            outcome: 'success',
            requestId: ctx.requestId,
            ramRequestId: keyRequestId,
            ip: ctx.ip,
          });
        });
        await userRemoved(userName);
        return { result: undefined, ramRequestId };
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/users/:userName/access-keys',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['users'],
        params: UserParams,
        querystring: ListAccessKeysQuery,
        response: { 200: ListAccessKeysResponse, ...errors },
      },
    },
    async (request) => {
      assertCanManageUser(requireSession(request), request.params.userName);
      return accessKeys.list(request.params.userName, request.query.flag);
    },
  );

  app.post(
    '/api/users/:userName/access-keys',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['users'],
        headers: ticketHeaders,
        params: UserParams,
        body: CreateAccessKeyBody,
        response: { 201: CreateAccessKeyResponse, ...errors },
      },
    },
    async (request, reply) => {
      assertCanManageUser(requireSession(request), request.params.userName);
      const created = await accessKeys.create(
        actionContext(request),
        request.params.userName,
        request.body.description,
      );
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.patch(
    '/api/users/:userName/access-keys/:accessKeyId',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['users'],
        headers: ticketHeaders,
        params: UserAccessKeyParams,
        body: UpdateAccessKeyRequest,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      assertCanManageUser(requireSession(request), request.params.userName);
      await updateKey(
        accessKeys,
        actionContext(request),
        request.params.userName,
        request.params.accessKeyId,
        request.body,
      );
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/users/:userName/access-keys/:accessKeyId',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['users'],
        headers: ticketHeaders,
        params: UserAccessKeyParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      assertCanManageUser(requireSession(request), request.params.userName);
      await accessKeys.remove(
        actionContext(request),
        request.params.userName,
        request.params.accessKeyId,
      );
      return reply.code(204).send(null);
    },
  );
};
export default usersRoutes;
