import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeMac, loadServerKey, sha256 } from '../src/lib/crypto.js';
import { startHarness, type Agent, type Harness } from './harness.js';

describe('phone verification rules', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const start = (a: Agent, body: object = { action: 'CreateAccessKey', userName: 'alice' }) =>
    a.request('POST', '/api/verifications', { body });
  const confirm = (a: Agent, id: string, code: string) =>
    a.request('POST', `/api/verifications/${id}/confirm`, { body: { code } });
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('sends a 6-digit code by SMS (Dysmsapi through the SDK) and answers with the masked phone', async () => {
    h.clock.advance(2 * 3_600_000);
    const admin = await h.signedIn('admin');
    const res = await start(admin);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      verificationId: expect.any(String),
      maskedPhone: '138****0001',
      resendAfterSeconds: 60,
    });
    expect(Date.parse(res.body.expiresAt) - h.clock.t).toBe(5 * 60_000);
    const inbox = await h.emulatorHook('GET', '/__emulator/sms?phone=8613800000001');
    expect(inbox.messages[0].templateParam.code).toMatch(/^\d{6}$/);
    // Stored as an HMAC with the server key (not in the database): neither the code nor a plain
    // hash of it that a copied database could be brute-forced against.
    const code = inbox.messages[0].templateParam.code as string;
    const row = await h.db
      .selectFrom('verifications')
      .selectAll()
      .where('id', '=', res.body.verificationId)
      .executeTakeFirstOrThrow();
    expect(row.code_hash).not.toContain(code);
    expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.code_hash).not.toBe(sha256(`${row.id}:${code}`));
    const key = loadServerKey({ dataDir: h.dataDir });
    expect(row.code_hash).toBe(codeMac(key, row.id, code));
  });

  it('resend only after 60 s for the same action and target; another target is fine', async () => {
    h.clock.advance(2 * 3_600_000);
    const admin = await h.signedIn('admin');
    expect((await start(admin)).status).toBe(201);
    h.clock.advance(30_000);
    const soon = await start(admin);
    expect(soon.status).toBe(429);
    expect(soon.body.code).toBe('VerificationResendTooSoon');
    expect(Number(soon.headers['retry-after'])).toBe(30);
    expect(soon.body.details).toEqual({ retryAfterSeconds: 30 });
    expect((await start(admin, { action: 'DeleteAccessKey', userName: 'alice' })).status).toBe(201);
    h.clock.advance(31_000);
    expect((await start(admin)).status).toBe(201);
  });

  it('a newer code replaces the older one', async () => {
    h.clock.advance(2 * 3_600_000);
    const admin = await h.signedIn('admin');
    const first = await start(admin);
    const firstCode = await h.latestCode('admin');
    h.clock.advance(61_000);
    const second = await start(admin);
    const old = await confirm(admin, first.body.verificationId, firstCode);
    expect(old.status).toBe(410);
    expect(old.body.code).toBe('VerificationExpired');
    expect(old.body.details).toEqual({ reason: 'superseded' });
    const ok = await confirm(admin, second.body.verificationId, await h.latestCode('admin'));
    expect(ok.status).toBe(200);
  });

  it('at most 5 sends per operator per hour', async () => {
    h.clock.advance(2 * 3_600_000);
    const admin = await h.signedIn('admin');
    for (let i = 0; i < 5; i++) {
      expect((await start(admin)).status).toBe(201);
      h.clock.advance(61_000);
    }
    const sixth = await start(admin);
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('VerificationSendLimitExceeded');
    expect(sixth.body.details).toEqual({
      retryAfterSeconds: Number(sixth.headers['retry-after']),
      limit: 5,
    });
    h.clock.advance(3_600_000);
    expect((await start(await h.signedIn('admin'))).status).toBe(201);
  });

  it('5 wrong codes burn it; the right code afterwards does not work', async () => {
    h.clock.advance(2 * 3_600_000);
    const admin = await h.signedIn('admin');
    const res = await start(admin);
    const code = await h.latestCode('admin');
    for (let i = 1; i <= 4; i++) {
      const r = await confirm(admin, res.body.verificationId, wrong(code));
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('VerificationCodeInvalid');
      expect(r.body.details).toEqual({ attemptsLeft: 5 - i });
    }
    const fifth = await confirm(admin, res.body.verificationId, wrong(code));
    expect(fifth.status).toBe(429);
    expect(fifth.body.code).toBe('VerificationAttemptsExceeded');
    const right = await confirm(admin, res.body.verificationId, code);
    expect(right.status).toBe(429);
  });

  it('codes expire after 5 minutes and work only once', async () => {
    h.clock.advance(2 * 3_600_000);
    const admin = await h.signedIn('admin');
    const res = await start(admin);
    const code = await h.latestCode('admin');
    h.clock.advance(5 * 60_000);
    const late = await confirm(admin, res.body.verificationId, code);
    expect(late.status).toBe(410);
    expect(late.body.code).toBe('VerificationExpired');
    expect(late.body.details).toEqual({ reason: 'expired' });

    h.clock.advance(61_000);
    const again = await start(admin);
    const code2 = await h.latestCode('admin');
    const ok = await confirm(admin, again.body.verificationId, code2);
    expect(ok.status).toBe(200);
    expect(ok.body.ticket).toEqual(expect.any(String));
    expect(Date.parse(ok.body.expiresAt) - h.clock.t).toBe(5 * 60_000);
    const twice = await confirm(admin, again.body.verificationId, code2);
    expect(twice.status).toBe(410);
    expect(twice.body.details).toEqual({ reason: 'used' });
  });

  it("another session cannot confirm this session's code", async () => {
    h.clock.advance(2 * 3_600_000);
    const admin = await h.signedIn('admin');
    const res = await start(admin);
    const other = await h.signedIn('admin');
    const r = await confirm(other, res.body.verificationId, await h.latestCode('admin'));
    expect(r.status).toBe(404);
  });

  it('the demo inbox shows the codes sent to the signed-in operator only', async () => {
    h.clock.advance(2 * 3_600_000);
    const member = await h.signedIn('member');
    await start(member);
    const code = await h.latestCode('mia');
    const inbox = await member.request('GET', '/api/demo/inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.body.messages[0]).toMatchObject({
      code,
      phone: expect.stringContaining('13800000002'),
    });
    for (const m of inbox.body.messages) expect(m.phone).toContain('13800000002');
  });

  it('verification sends and failed confirms leave audit rows', async () => {
    const admin = await h.signedIn('admin');
    const res = await admin.request('GET', '/api/audit-events?limit=500');
    const actions = res.body.events.map(
      (e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`,
    );
    expect(actions).toContain('SendVerificationCode:success');
    expect(actions).toContain('SendVerificationCode:failure');
    expect(actions).toContain('ConfirmVerificationCode:failure');
  });
});
