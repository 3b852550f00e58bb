import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Agent, type Harness } from './harness.js';
import { TEST_DIALECT } from './support/database.js';

/**
 * Makes the inserts into `table` fail with `message` (for rows matching `when`, a condition on
 * NEW): a SQLite trigger raising, or a PostgreSQL trigger function raising.
 */
async function failInserts(h: Harness, name: string, table: string, message: string, when = '') {
  if (TEST_DIALECT === 'sqlite') {
    await sql
      .raw(
        `CREATE TRIGGER ${name} BEFORE INSERT ON ${table} ${when ? `WHEN ${when}` : ''}
         BEGIN SELECT RAISE(FAIL, '${message}'); END`,
      )
      .execute(h.db);
    return;
  }
  await sql
    .raw(
      `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS
       $$ BEGIN RAISE EXCEPTION '${message}'; END $$`,
    )
    .execute(h.db);
  await sql
    .raw(
      `CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW
       ${when ? `WHEN (${when})` : ''} EXECUTE FUNCTION ${name}()`,
    )
    .execute(h.db);
}

async function dropFailure(h: Harness, name: string, table: string) {
  if (TEST_DIALECT === 'sqlite') {
    await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(h.db);
    return;
  }
  await sql.raw(`DROP TRIGGER IF EXISTS ${name} ON ${table}`).execute(h.db);
  await sql.raw(`DROP FUNCTION IF EXISTS ${name}()`).execute(h.db);
}

describe("a key must belong to the path's user before enable, disable or delete", () => {
  let h: Harness;
  let member: Agent;
  let admin: Agent;
  let bobKey: string;
  let aliceKey: string;
  beforeAll(async () => {
    h = await startHarness({ countRamCalls: true });
    const { ram } = h.app.services;
    bobKey = (await ram.createAccessKey('bob')).value.accessKeyId;
    aliceKey = (await ram.createAccessKey('alice')).value.accessKeyId;
    await ram.updateAccessKey('alice', aliceKey, 'Inactive');
    member = await h.signedIn('member'); // mapped to alice
    admin = await h.signedIn('admin');
  });
  afterAll(async () => {
    await h?.close();
  });

  const bobStatus = async () =>
    (await h.app.services.ram.listAccessKeys('bob')).value.find((k) => k.accessKeyId === bobKey)
      ?.status;

  it("disable: another user's key ID under the member's own user is 404 and never reaches RAM", async () => {
    h.ramCalls!.reset();
    const res = await member.request('PATCH', `/api/users/alice/access-keys/${bobKey}`, {
      body: { status: 'Inactive' },
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('EntityNotExist.User.AccessKey');
    expect(h.ramCalls!.counts()).toEqual({ ListAccessKeys: 1 });
    expect(await bobStatus()).toBe('Active');
  });

  it('enable and delete: refused before the ticket, which stays good for an own key', async () => {
    // (Each verify moves the clock past the previous ticket's 5 minutes: use each at once.)
    const enableTicket = await member.verify('EnableAccessKey', 'alice');
    h.ramCalls!.reset();
    const refusedEnable = await member.request('PATCH', `/api/users/alice/access-keys/${bobKey}`, {
      body: { status: 'Active' },
      ticket: enableTicket,
    });
    expect(refusedEnable.status).toBe(404);
    expect(h.ramCalls!.counts()).toEqual({ ListAccessKeys: 1 });
    const enabled = await member.request('PATCH', `/api/users/alice/access-keys/${aliceKey}`, {
      body: { status: 'Active' },
      ticket: enableTicket,
    });
    expect(enabled.status).toBe(204);
    const disabled = await member.request('PATCH', `/api/users/alice/access-keys/${aliceKey}`, {
      body: { status: 'Inactive' },
    });
    expect(disabled.status).toBe(204);

    const deleteTicket = await member.verify('DeleteAccessKey', 'alice');
    h.ramCalls!.reset();
    const refusedDelete = await member.request('DELETE', `/api/users/alice/access-keys/${bobKey}`, {
      ticket: deleteTicket,
    });
    expect(refusedDelete.status).toBe(404);
    expect(h.ramCalls!.counts()).toEqual({ ListAccessKeys: 1 });
    expect(await bobStatus()).toBe('Active');
    const deleted = await member.request('DELETE', `/api/users/alice/access-keys/${aliceKey}`, {
      ticket: deleteTicket,
    });
    expect(deleted.status).toBe(204);

    const audit = await admin.request('GET', '/api/audit-events?action=DeleteAccessKey');
    expect(audit.body.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ramUserName: 'alice',
          accessKeyId: bobKey,
          outcome: 'failure',
          errorCode: 'EntityNotExist.User.AccessKey',
        }),
      ]),
    );
  });

  it("the account's own path refuses a RAM user's key ID", async () => {
    h.ramCalls!.reset();
    const res = await admin.request('PATCH', `/api/account/access-keys/${bobKey}`, {
      body: { status: 'Inactive' },
    });
    expect(res.status).toBe(404);
    expect(h.ramCalls!.counts()).toEqual({ ListAccessKeys: 1 });
    expect(await bobStatus()).toBe('Active');
  });
});

describe('a created secret is never lost to a failing database write', () => {
  let h: Harness;
  let admin: Agent;
  beforeAll(async () => {
    h = await startHarness();
    admin = await h.signedIn('admin');
  });
  afterEach(async () => {
    await dropFailure(h, 'fail_description', 'key_descriptions');
    await dropFailure(h, 'fail_create_audit', 'audit_events');
  });
  afterAll(async () => {
    await h?.close();
  });

  const keysOf = async (user: string) =>
    (await h.app.services.ram.listAccessKeys(user)).value.map((k) => k.accessKeyId);

  /** The created key is returned with its secret, and exists in RAM. */
  async function createFor(user: string, description: string) {
    const ticket = await admin.verify('CreateAccessKey', user);
    const logFrom = h.logLines.length;
    const res = await admin.request('POST', `/api/users/${user}/access-keys`, {
      body: { description },
      ticket,
    });
    expect(res.status, res.text).toBe(201);
    const { accessKeyId, accessKeySecret } = res.body.accessKey;
    expect(accessKeySecret).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(await keysOf(user)).toContain(accessKeyId);
    const logs = h.logLines.slice(logFrom).join('\n');
    expect(logs).not.toContain(accessKeySecret);
    return { accessKeyId: accessKeyId as string, logs };
  }

  it('the description write fails: 201 with the secret, the key ID in the log and the audit row', async () => {
    await failInserts(h, 'fail_description', 'key_descriptions', 'disk I/O error');
    const { accessKeyId, logs } = await createFor('alice', 'deploy bot');
    expect(logs).toMatch(/description was not saved/);
    expect(logs).toContain(accessKeyId);
    const row = await h.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'CreateAccessKey')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ access_key_id: accessKeyId, outcome: 'success' });
  });

  it('the audit write fails: 201 with the secret, the key ID in the log', async () => {
    await failInserts(
      h,
      'fail_create_audit',
      'audit_events',
      'database or disk is full',
      "NEW.action = 'CreateAccessKey' AND NEW.outcome = 'success'",
    );
    const { accessKeyId, logs } = await createFor('bob', 'ci');
    expect(logs).toMatch(/audit row was not written/);
    expect(logs).toContain(accessKeyId);
    // The attempt stays pending (pending-actions.ts), so a sweep records it once abandoned.
    const pending = await h.db
      .selectFrom('pending_actions')
      .select(['action', 'ram_user_name'])
      .execute();
    expect(pending).toEqual([{ action: 'CreateAccessKey', ram_user_name: 'bob' }]);
    await h.db.deleteFrom('pending_actions').execute();
  });
});
