import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startHarness, type Agent, type Harness } from '../harness.js';

// Two console instances on one PostgreSQL database, in one process (each with its own pool, as
// two processes would have): what must be shared is in the database, not in either instance.
// The cluster tests repeat the important ones with real processes behind a proxy.
describe('PostgreSQL: state shared by instances', () => {
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

  it('a session made on A works on B, and signing out on B ends it on A', async () => {
    const agent = h.agent().use(a);
    expect((await agent.signIn(ADMIN.username, ADMIN.password)).status).toBe(200);
    // (First in this file: the sign-in limit below is per client IP, and inject uses one.)
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

  it('sign-in rate limit: instances taking turns get 5 in all, not 5 each', async () => {
    const agent = h.agent();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await signInOn(agent, i % 2 ? b : a)).status);
    // The sign-in of the test above was the first of the 5 (same client IP).
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
  });

  it('a parallel burst split across both instances: exactly the limit gets through', async () => {
    // Another route (code confirmations): its own counter, limit 4.
    const session = await a.services.sessions.create(ADMIN.username, '127.0.0.1');
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
