import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  IMS,
  ImsSdk,
  MODES,
  RamSdk,
  advanceClock,
  callApi,
  ims,
  ram,
  sdkError,
  startEmulator,
  type Credentials,
  type Mode,
  type Running,
} from './helpers.js';

const DAY = 86_400_000;

describe.each(MODES)('idle AccessKeys are disabled on the emulator clock (%s)', (mode: Mode) => {
  let e: Running;
  let root: InstanceType<typeof RamSdk.default>;

  beforeAll(async () => {
    e = await startEmulator();
    root = ram(e.port, e.root, mode);
  });
  afterAll(() => e.close());
  beforeEach(async () => {
    await e.app.inject({ method: 'POST', url: '/__emulator/reset' });
  });

  /** Puts the business clock at noon UTC of a later day, so "the next day" is unambiguous. */
  async function toNoon(): Promise<void> {
    const clock = (await e.app.inject({ method: 'GET', url: '/__emulator/clock' })).json<{
      now: string;
    }>();
    const now = Date.parse(clock.now);
    const nextNoon = Math.floor(now / DAY) * DAY + DAY + DAY / 2;
    await e.app.inject({
      method: 'POST',
      url: '/__emulator/clock',
      payload: { advanceMs: nextNoon - now },
    });
  }

  const keyFor = async (userName: string): Promise<Credentials> => {
    await root.createUser(new RamSdk.CreateUserRequest({ userName }));
    await root.attachPolicyToUser(
      new RamSdk.AttachPolicyToUserRequest({
        userName,
        policyName: 'AliyunRAMReadOnlyAccess',
        policyType: 'System',
      }),
    );
    const k = (await root.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName }))).body!
      .accessKey!;
    return { accessKeyId: k.accessKeyId!, accessKeySecret: k.accessKeySecret! };
  };
  const statusOf = async (userName: string) =>
    (await root.listAccessKeys(new RamSdk.ListAccessKeysRequest({ userName }))).body!.accessKeys!
      .accessKey![0]!.status;

  it('disables a key unused for more than MaxIdleDaysForAccessKeys days the next day', async () => {
    await callApi(e.port, e.root, mode, IMS, 'SetSecurityPreference', {
      MaxIdleDaysForAccessKeys: '90',
    });
    await toNoon();
    const idle = await keyFor('idle');
    const busy = await keyFor('busy');
    await keyFor('unused'); // never used: its creation counts as its last activity
    await ram(e.port, idle, mode).getAccountAlias(); // day 0, noon: its last use

    await advanceClock(e.app, 60);
    await ram(e.port, busy, mode).getAccountAlias(); // day 60
    await advanceClock(e.app, 30); // day 90, noon: idle for exactly 90 days, not more
    expect(await statusOf('idle')).toBe('Active');
    expect((await ram(e.port, e.root, mode).getAccountAlias()).statusCode).toBe(200);

    await advanceClock(e.app, 0.5); // day 91, midnight: RAM's daily run
    expect(await statusOf('idle')).toBe('Inactive');
    expect(await statusOf('unused')).toBe('Inactive');
    expect(await statusOf('busy')).toBe('Active');
    expect(await sdkError(ram(e.port, idle, mode).getAccountAlias())).toMatchObject({
      code: 'InvalidAccessKeyId.Inactive',
      statusCode: 400,
    });
    const [listed] = (
      await ims(e.port, e.root, mode).listAccessKeys(
        new ImsSdk.ListAccessKeysRequest({
          userPrincipalName: 'idle@ram-console-demo.onaliyun.com',
        }),
      )
    ).body!.accessKeys!.accessKey!;
    expect(listed!.updateDate).not.toBe(listed!.createDate);

    // The account's own keys are not subject to it.
    await advanceClock(e.app, 60);
    expect(await statusOf('busy')).toBe('Inactive');
    expect((await ram(e.port, e.root, mode).getAccountAlias()).statusCode).toBe(200);
  });

  it('keeps keys used within the default 730 days', async () => {
    await toNoon();
    const k = await keyFor('steady');
    await advanceClock(e.app, 700);
    await ram(e.port, k, mode).getAccountAlias();
    await advanceClock(e.app, 700);
    expect(await statusOf('steady')).toBe('Active');
    await advanceClock(e.app, 31);
    expect(await statusOf('steady')).toBe('Inactive');
  });
});

describe('the business clock hook', () => {
  it('moves forward only, reports the offset, and is reset with the rest', async () => {
    const e = await startEmulator();
    try {
      const post = (payload: unknown) =>
        e.app.inject({ method: 'POST', url: '/__emulator/clock', payload: payload as object });
      const before = Date.now();
      const moved = await post({ advanceDays: 2 });
      expect(moved.statusCode).toBe(200);
      expect(moved.json().offsetMs).toBe(2 * DAY);
      expect(Date.parse(moved.json().now)).toBeGreaterThanOrEqual(before + 2 * DAY);
      for (const bad of [
        { advanceDays: -1 },
        { advanceMs: 1.5 },
        { advanceMs: '60000' },
        { advanceMs: 1, advanceDays: 1 },
        {},
        { advanceDays: 4000 },
      ]) {
        const res = await post(bad);
        expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      }
      expect(
        (await e.app.inject({ method: 'GET', url: '/__emulator/clock' })).json().offsetMs,
      ).toBe(2 * DAY);
      // Signatures still check real time: the SDK keeps working with a moved business clock.
      const created = await ram(e.port, e.root, 'v3').createUser(
        new RamSdk.CreateUserRequest({ userName: 'later' }),
      );
      expect(Date.parse(created.body!.user!.createDate!)).toBeGreaterThanOrEqual(
        before + 2 * DAY - 1000,
      );
      await e.app.inject({ method: 'POST', url: '/__emulator/reset' });
      expect(
        (await e.app.inject({ method: 'GET', url: '/__emulator/clock' })).json().offsetMs,
      ).toBe(0);
    } finally {
      await e.close();
    }
  });

  it('answers loopback callers only', async () => {
    const e = await startEmulator();
    try {
      const res = await e.app.inject({
        method: 'POST',
        url: '/__emulator/clock',
        payload: { advanceDays: 1 },
        remoteAddress: '203.0.113.5',
      });
      expect(res.statusCode).toBe(403);
      expect(
        (await e.app.inject({ method: 'GET', url: '/__emulator/clock' })).json().offsetMs,
      ).toBe(0);
    } finally {
      await e.close();
    }
  });
});
