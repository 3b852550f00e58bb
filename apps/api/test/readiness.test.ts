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
