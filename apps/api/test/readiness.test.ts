import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { TEST_DIALECT } from './support/database.js';

describe(`GET /api/health/ready (${TEST_DIALECT})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('200 ready while the database answers, for anyone (load balancers have no session)', async () => {
    const res = await h.agent().request('GET', '/api/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
    expect(res.headers['cache-control']).toBe('no-store');
    // A load balancer calls it by address: any Host (like /api/health, unlike every data route).
    const byAddress = await h.app.inject({
      method: 'GET',
      url: '/api/health/ready',
      headers: { host: '10.0.0.7:8080' },
    });
    expect(byAddress.statusCode).toBe(200);
    const dataRoute = await h.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { host: '10.0.0.7:8080' },
    });
    expect(dataRoute.statusCode).toBe(421);
  });

  it('503 database-unavailable when the database does not answer', async () => {
    await h.db.destroy();
    try {
      const res = await h.agent().request('GET', '/api/health/ready');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'database-unavailable' });
      // Liveness stays up: the process itself is fine.
      expect((await h.agent().request('GET', '/api/health')).status).toBe(200);
    } finally {
      await h.restart();
    }
    expect((await h.agent().request('GET', '/api/health/ready')).status).toBe(200);
  });

  it('503 draining once the instance drains, while it still serves everything else', async () => {
    const admin = await h.signedIn('admin');
    h.app.services.lifecycle.drain();
    const res = await h.agent().request('GET', '/api/health/ready');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'draining' });
    expect((await admin.request('GET', '/api/auth/me')).status).toBe(200);
  });
});
