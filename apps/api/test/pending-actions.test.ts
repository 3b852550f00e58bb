import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GONE_AFTER_MS } from '../src/plugins/app/pending-actions.js';
import { startHarness, type Harness } from './harness.js';
import { TEST_DIALECT } from './support/database.js';

/**
 * A verified RAM change is pending from the spending of its ticket to its audit row, in the same
 * transactions as both: a process that stops in between (kill -9, a lost machine) leaves a row
 * that another instance (or this one after a restart) turns into the audit row of the attempt.
 * The cluster tests kill a real process mid-create; here the same steps run in one process.
 */
describe(`verified actions between their ticket and their audit row (${TEST_DIALECT})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.emulatorHook('DELETE', '/__emulator/faults');
  });
  afterAll(async () => {
    await h?.close();
  });

  const pendingRows = () => h.db.selectFrom('pending_actions').selectAll().execute();

  it('a create in progress is pending, written with the spent ticket; its audit row ends it', async () => {
    const admin = await h.signedIn('admin');
    const ticket = await admin.verify('CreateAccessKey', 'alice');
    await h.emulatorHook('POST', '/__emulator/faults', {
      action: 'CreateAccessKey',
      kind: 'delay',
      delayMs: 1500,
      count: 1,
    });
    const created = admin.request('POST', '/api/users/alice/access-keys', { body: {}, ticket });
    const t0 = Date.now();
    let rows = await pendingRows();
    while (rows.length === 0 && Date.now() - t0 < 5000) {
      await new Promise((r) => setTimeout(r, 20));
      rows = await pendingRows();
    }
    expect(rows).toEqual([
      expect.objectContaining({
        instance_id: h.app.services.pending.instanceId,
        operator: 'admin',
        action: 'CreateAccessKey',
        ram_user_name: 'alice',
        verification: 'ticket',
      }),
    ]);
    // The ticket is spent already: the pending row came with it.
    const spent = await h.db
      .selectFrom('verifications')
      .select('ticket_used_at')
      .where('operator_username', '=', 'admin')
      .where('ticket_used_at', 'is not', null)
      .execute();
    expect(spent.length).toBeGreaterThan(0);
    const res = await created;
    expect(res.status).toBe(201);
    expect(await pendingRows()).toEqual([]);
    const audit = await admin.request('GET', '/api/audit-events?action=CreateAccessKey');
    expect(audit.body.events[0]).toMatchObject({
      outcome: 'success',
      accessKeyId: res.body.accessKey.accessKeyId,
      requestId: rows[0]!.request_id,
    });
  });

  it('a refused ticket leaves nothing pending', async () => {
    const admin = await h.signedIn('admin');
    const res = await admin.request('POST', '/api/users/alice/access-keys', {
      body: {},
      ticket: 'not-a-ticket',
    });
    expect(res.status).toBe(403);
    expect(await pendingRows()).toEqual([]);
  });

  it("a gone instance's unfinished create becomes an audit row naming the key RAM made; a live one's is left alone", async () => {
    const now = Date.now();
    const old = new Date(now - GONE_AFTER_MS - 5000).toISOString();
    const fresh = new Date(now).toISOString();
    await h.db
      .insertInto('console_instances')
      .values([
        { id: 'gone-instance', started_at: old, seen_at: old },
        { id: 'live-instance', started_at: fresh, seen_at: new Date(now + 60_000).toISOString() },
      ])
      .execute();
    const started = new Date(now).toISOString();
    const row = (id: string, instance: string, userName: string) => ({
      id,
      instance_id: instance,
      operator: 'admin',
      action: 'CreateAccessKey',
      ram_user_name: userName,
      access_key_id: null,
      verification: 'ticket',
      request_id: `req-${id}`,
      ip: '10.0.0.9',
      started_at: started,
    });
    await h.db
      .insertInto('pending_actions')
      .values([row('p-gone', 'gone-instance', 'bob'), row('p-live', 'live-instance', 'carol')])
      .execute();
    // What the gone instance's create did in RAM before it died.
    const made = await h.app.services.ram.createAccessKey('bob');

    expect(await h.app.services.pending.sweep()).toBe(1);
    expect(await h.app.services.pending.sweep()).toBe(0);
    expect((await pendingRows()).map((r) => r.id)).toEqual(['p-live']);
    const admin = await h.signedIn('admin');
    const audit = await admin.request('GET', '/api/audit-events?ramUserName=bob');
    expect(audit.body.events[0]).toMatchObject({
      operator: 'admin',
      action: 'CreateAccessKey',
      ramUserName: 'bob',
      accessKeyId: made.value.accessKeyId,
      outcome: 'failure',
      errorCode: 'CreateOutcomeUnknown',
      verification: 'ticket',
      requestId: 'req-p-gone',
      ip: '10.0.0.9',
    });
    await h.db.deleteFrom('pending_actions').execute();
  });
});
