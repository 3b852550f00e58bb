import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

/**
 * STEP_UP_WINDOW_MINUTES (GitHub's "sudo mode"): after one verification, the same session may
 * perform the step-up actions (AccessKey create/enable/delete, delete user) without a new code
 * for the window, each still audited as done under step-up. Operator changes always need their
 * own code. Off by default (single-use tickets, as every other test file proves).
 */
describe('the step-up window', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { STEP_UP_WINDOW_MINUTES: '10' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('one code opens 10 minutes of step-up actions for this session only, each audited', async () => {
    h.clock.advance(2 * 3_600_000);
    const admin = await h.signedIn('admin');
    expect((await admin.request('GET', '/api/auth/me')).body.stepUpUntil).toBeNull();
    // Without a verification, no window.
    const before = await admin.request('POST', '/api/users/alice/access-keys', { body: {} });
    expect(before.status).toBe(403);

    const started = await admin.request('POST', '/api/verifications', {
      body: { action: 'CreateAccessKey', userName: 'alice' },
    });
    const confirmed = await admin.request(
      'POST',
      `/api/verifications/${started.body.verificationId}/confirm`,
      { body: { code: await h.latestCode('admin') } },
    );
    expect(confirmed.status).toBe(200);
    const until = h.clock.t + 10 * 60_000;
    expect(Date.parse(confirmed.body.stepUpUntil)).toBe(until);
    expect((await admin.request('GET', '/api/auth/me')).body.stepUpUntil).toBe(
      confirmed.body.stepUpUntil,
    );

    // The ticket itself works as always…
    const first = await admin.request('POST', '/api/users/alice/access-keys', {
      body: {},
      ticket: confirmed.body.ticket,
    });
    expect(first.status).toBe(201);
    // …and within the window further step-up actions need no code.
    const id = first.body.accessKey.accessKeyId as string;
    const url = `/api/users/alice/access-keys/${id}`;
    expect((await admin.request('PATCH', url, { body: { status: 'Inactive' } })).status).toBe(204);
    expect((await admin.request('PATCH', url, { body: { status: 'Active' } })).status).toBe(204);
    expect((await admin.request('POST', '/api/account/access-keys', { body: {} })).status).toBe(
      201,
    );

    // Never for operator changes.
    const op = await admin.request('DELETE', '/api/operators/mia');
    expect(op.status).toBe(403);
    expect(op.body.code).toBe('VerificationRequired');
    // Never for another session, even of the same operator.
    const other = await h.signedIn('admin');
    expect((await other.request('PATCH', url, { body: { status: 'Active' } })).status).toBe(403);
    // A presented ticket that is no good is refused, window or not.
    const badTicket = await admin.request('PATCH', url, {
      body: { status: 'Active' },
      ticket: confirmed.body.ticket,
    });
    expect(badTicket.body).toMatchObject({
      code: 'VerificationRequired',
      details: { reason: 'invalid' },
    });

    // The window closes.
    h.clock.t = until;
    const late = await admin.request('DELETE', url);
    expect(late.status).toBe(403);
    expect(late.body.details).toEqual({ reason: 'missing' });
    expect((await admin.request('GET', '/api/auth/me')).body.stepUpUntil).toBeNull();

    const audit = await admin.request('GET', '/api/audit-events?ramUserName=alice&limit=20');
    const rows = audit.body.events
      .filter((e: { outcome: string }) => e.outcome === 'success')
      .map((e: { action: string; verification: string | null }) => [e.action, e.verification])
      .reverse();
    expect(rows).toEqual([
      ['SendVerificationCode', null],
      ['CreateAccessKey', 'ticket'],
      ['DisableAccessKey', null],
      ['EnableAccessKey', 'step-up'],
    ]);
    const account = await admin.request('GET', '/api/audit-events?action=CreateAccessKey&limit=5');
    expect(account.body.events[0]).toMatchObject({ ramUserName: null, verification: 'step-up' });
  });
});
