/**
 * A ticket asked for one AccessKey (`accessKeyId` in the verification request, as the console's
 * pages ask) serves that key only: a confirmed code for "delete key X" cannot delete key Y of the
 * same user. A ticket asked without one keeps meaning "any key of this owner".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Agent, type Harness } from './harness.js';

describe('tickets bound to one AccessKey', () => {
  let h: Harness;
  let admin: Agent;
  /** Two disabled keys of alice's, made by the console's own RAM client. */
  let keyA: string;
  let keyB: string;

  beforeAll(async () => {
    h = await startHarness({ env: { SESSION_TTL_MINUTES: '1440' } });
    admin = await h.signedIn('admin');
  });
  afterAll(async () => h?.close());

  const disabledKey = async (userName: string) => {
    const { ram } = h.app.services;
    const { accessKeyId } = (await ram.createAccessKey(userName)).value;
    await ram.updateAccessKey(userName, accessKeyId, 'Inactive');
    return accessKeyId;
  };
  const remove = (id: string, ticket: string) =>
    admin.request('DELETE', `/api/users/alice/access-keys/${id}`, { ticket });

  it('a ticket for key A is refused on key B of the same user, and still serves A', async () => {
    keyA = await disabledKey('alice');
    keyB = await disabledKey('alice');
    const forA = await admin.verifyFor({
      action: 'DeleteAccessKey',
      userName: 'alice',
      accessKeyId: keyA,
    });
    const onB = await remove(keyB, forA);
    expect(onB.status).toBe(403);
    expect(onB.body.code).toBe('VerificationRequired');
    expect((await admin.request('GET', '/api/users/alice/access-keys')).body.accessKeys).toEqual(
      expect.arrayContaining([expect.objectContaining({ accessKeyId: keyB })]),
    );
    expect((await remove(keyA, forA)).status).toBe(204);
    // Spent: not a second time, on any key.
    expect((await remove(keyB, forA)).status).toBe(403);
  });

  it('a ticket asked without a key still serves any key of the owner', async () => {
    const any = await admin.verify('DeleteAccessKey', 'alice');
    expect((await remove(keyB, any)).status).toBe(204);
  });

  it('binds the network policy and recycle-bin actions the same way', async () => {
    const k1 = await disabledKey('alice');
    const k2 = await disabledKey('alice');
    const policy = { status: 'Inactive', allowedIps: [] };
    const forK1 = await admin.verifyFor({
      action: 'SetAccessKeyNetworkPolicy',
      userName: 'alice',
      accessKeyId: k1,
    });
    const url = (id: string) => `/api/users/alice/access-keys/${id}/network-policy`;
    expect((await admin.request('PUT', url(k2), { body: policy, ticket: forK1 })).status).toBe(403);
    expect((await admin.request('PUT', url(k1), { body: policy, ticket: forK1 })).status).toBe(200);

    // Both into alice's recycle bin; a restore ticket for k1 does not restore k2.
    for (const id of [k1, k2]) {
      expect((await remove(id, await admin.verify('DeleteAccessKey', 'alice'))).status).toBe(204);
    }
    const restoreK1 = await admin.verifyFor({
      action: 'RestoreAccessKey',
      userName: 'alice',
      accessKeyId: k1,
    });
    const restore = (id: string) =>
      admin.request('POST', `/api/users/alice/recycle-bin/${id}/restore`, { ticket: restoreK1 });
    expect((await restore(k2)).status).toBe(403);
    expect((await restore(k1)).status).toBe(204);
  });

  it('only a key action may name a key', async () => {
    for (const [body, says] of [
      [
        { action: 'CreateAccessKey', userName: 'alice', accessKeyId: 'LTAI5tAnyKey00000000000' },
        'CreateAccessKey is not about one AccessKey',
      ],
      [
        { action: 'DeleteUser', userName: 'alice', accessKeyId: 'LTAI5tAnyKey00000000000' },
        'DeleteUser is not about one AccessKey',
      ],
      [
        { action: 'DeleteAccessKey', userName: 'alice', accessKeyId: 'not a key id' },
        'AccessKey ID may contain only letters and digits',
      ],
    ] as const) {
      const res = await admin.request('POST', '/api/verifications', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ code: 'ValidationFailed' });
      expect(res.body.message).toContain(says);
    }
  });
});
