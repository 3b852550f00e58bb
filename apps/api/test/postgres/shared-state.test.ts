import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTENER_APPLICATION_NAME } from '../../src/plugins/app/change-feed.js';
import { ADMIN, startHarness, type Agent, type Harness } from '../harness.js';

// Two console instances on one PostgreSQL database, in one process (each with its own pool, as
// two processes would have): what must be shared is in the database, not in either instance.
// The cluster tests repeat the important ones with real processes behind a proxy.
describe('PostgreSQL: rate limits shared by instances', () => {
  let h: Harness;
  let a: FastifyInstance;
  let b: FastifyInstance;
  beforeAll(async () => {
    h = await startHarness({ rateLimits: { loginPerMinutePerIp: 5, codeRoutesPerMinutePerIp: 4 } });
    a = h.app;
    b = await h.anotherInstance();
  });
  afterAll(async () => {
    await h?.close();
  });

  const signInOn = (agent: Agent, instance: FastifyInstance, password = 'wrong-password-1') =>
    agent.use(instance).signIn('nobody', password);

  it('sign-in rate limit: instances taking turns get 5 in all, not 5 each', async () => {
    const agent = h.agent();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await signInOn(agent, i % 2 ? b : a)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  it('a parallel burst split across both instances: exactly the limit gets through', async () => {
    // Another route (code confirmations): its own counter, limit 4.
    const session = await a.services.sessions.create(ADMIN.username, { ip: '127.0.0.1' });
    const agents = Array.from({ length: 20 }, (_, i) => {
      const agent = h.agent().use(i % 2 ? b : a);
      agent.cookie = `ram_console_session=${session.id}`;
      agent.csrfToken = session.csrfToken;
      return agent;
    });
    const statuses = await Promise.all(
      agents.map((agent) =>
        agent
          .request('POST', '/api/verifications/none/confirm', { body: { code: '000000' } })
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s !== 429)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(16);
  });
});

describe('PostgreSQL: sessions and the user directory across instances', () => {
  let h: Harness;
  let a: FastifyInstance;
  let b: FastifyInstance;
  beforeAll(async () => {
    h = await startHarness();
    a = h.app;
    b = await h.anotherInstance();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a session made on A works on B, and signing out on B ends it on A', async () => {
    const agent = h.agent().use(a);
    expect((await agent.signIn(ADMIN.username, ADMIN.password)).status).toBe(200);
    const onB = await agent.use(b).request('GET', '/api/auth/me');
    expect(onB.status).toBe(200);
    expect(onB.body.operator.username).toBe(ADMIN.username);
    // A state change on B with the CSRF token A issued.
    const created = await agent.use(b).request('POST', '/api/users', {
      body: { userName: 'shared-1', displayName: 'Shared' },
    });
    expect(created.status).toBe(201);
    expect((await agent.use(b).request('POST', '/api/auth/logout')).status).toBe(204);
    expect((await agent.use(a).request('GET', '/api/auth/me')).status).toBe(401);
  });

  const found = async (agent: Agent, userName: string) => {
    const res = await agent.request('GET', `/api/users?q=${userName}`);
    expect(res.status).toBe(200);
    return res.body.users.some((u: { userName: string }) => u.userName === userName);
  };
  /** Polls until `cond` holds; returns how long it took (fails after `ms`). */
  const within = async (ms: number, cond: () => Promise<boolean>) => {
    const t0 = Date.now();
    while (!(await cond())) {
      if (Date.now() - t0 > ms) throw new Error(`not within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return Date.now() - t0;
  };

  it('a user created through A is found by a search on B within a second; deleted through B, gone from A', async () => {
    const session = await a.services.sessions.create(ADMIN.username, { ip: '127.0.0.2' });
    const onA = h.agent().use(a);
    onA.cookie = `ram_console_session=${session.id}`;
    onA.csrfToken = session.csrfToken;
    const onB = h.agent().use(b);
    Object.assign(onB, { cookie: onA.cookie, csrfToken: onA.csrfToken });
    // Both directories loaded (and, on the test clock, never stale by age).
    expect(await found(onA, 'alice')).toBe(true);
    expect(await found(onB, 'alice')).toBe(true);

    const created = await onA.request('POST', '/api/users', {
      body: { userName: 'made-on-a', displayName: 'Made on A' },
    });
    expect(created.status).toBe(201);
    expect(await within(1000, () => found(onB, 'made-on-a'))).toBeLessThan(1000);

    const ticket = await onB.verify('DeleteUser', 'made-on-a');
    expect((await onB.request('DELETE', '/api/users/made-on-a', { ticket })).status).toBe(204);
    expect(await within(1000, async () => !(await found(onA, 'made-on-a')))).toBeLessThan(1000);
  });

  it('after its LISTEN connection is cut, an instance reconnects and reads every user again', async () => {
    const session = await a.services.sessions.create(ADMIN.username, { ip: '127.0.0.3' });
    const onB = h.agent().use(b);
    onB.cookie = `ram_console_session=${session.id}`;
    onB.csrfToken = session.csrfToken;
    expect(await found(onB, 'bob')).toBe(true);
    // Cut every console LISTEN connection on this database (A's and B's) from the server side…
    const cut = await sql<{ n: number }>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`.execute(
      h.db,
    );
    expect(cut.rows[0]!.n).toBe(2);
    // …and change RAM outside the console meanwhile: no instance could be told.
    await h.app.services.ram.createUser({ userName: 'made-elsewhere', displayName: 'Elsewhere' });
    // B reconnects, resyncs, and finds it without any age-based refresh (the clock stands still).
    await within(5000, () => found(onB, 'made-elsewhere'));
    // Both listen again (A reconnects on its own backoff, independently of B).
    const listening = async () =>
      (
        await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`.execute(
          h.db,
        )
      ).rows[0]!.n === 2;
    await within(5000, listening);
  });
});
