import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { normalizePhone } from '../src/actions/sms.js';
import {
  MODES,
  RamSdk,
  SmsSdk,
  ram,
  sdkError,
  sms,
  startEmulator,
  testClock,
  type Running,
} from './helpers.js';
import { fetchV3 } from './raw-signer.js';

interface Inbox {
  messages: Array<{
    phone: string;
    signName: string;
    templateCode: string;
    templateParam: Record<string, unknown> | null;
    sentAt: string;
    bizId: string;
  }>;
}

async function inbox(e: Running, phone?: string): Promise<Inbox> {
  const res = await e.app.inject({
    method: 'GET',
    url: '/__emulator/sms',
    query: phone ? { phone } : {},
  });
  expect(res.statusCode).toBe(200);
  return res.json<Inbox>();
}

describe.each(MODES)('Dysmsapi SendSms over the SDK (%s)', (mode) => {
  const clock = testClock(new Date().toISOString());
  let e: Running;
  let client: InstanceType<typeof SmsSdk.default>;

  beforeAll(async () => {
    e = await startEmulator({ now: clock.now });
    client = sms(e.port, e.root, mode);
  });
  afterAll(() => e.close());
  beforeEach(async () => {
    clock.set(new Date().toISOString());
    await e.app.inject({ method: 'POST', url: '/__emulator/reset' });
  });

  const send = (phoneNumbers: string, code = '123456') =>
    client.sendSms(
      new SmsSdk.SendSmsRequest({
        phoneNumbers,
        signName: 'RAM Console',
        templateCode: 'SMS_15305000',
        templateParam: JSON.stringify({ code }),
      }),
    );

  it('sends, answers Code OK with a BizId, and keeps the message in the inbox', async () => {
    const res = await send('+86 13800138000'.replace(' ', ''), '654321');
    expect(res.body).toMatchObject({ code: 'OK', message: 'OK' });
    expect(res.body!.bizId).toMatch(/^\d+\^0$/);
    expect(res.body!.requestId).toBeTruthy();
    const box = await inbox(e, '13800138000');
    expect(box.messages).toEqual([
      {
        phone: '13800138000',
        signName: 'RAM Console',
        templateCode: 'SMS_15305000',
        templateParam: { code: '654321' },
        sentAt: clock.now().toISOString(),
        bizId: res.body!.bizId,
      },
    ]);
    // Any spelling of the same number finds it; other numbers do not.
    expect((await inbox(e, '+8613800138000')).messages).toHaveLength(1);
    expect((await inbox(e, '13900139000')).messages).toHaveLength(0);
  });

  it('lists newest first', async () => {
    await send('13800138001', '111111');
    clock.advance(61_000);
    await send('13800138001', '222222');
    expect((await inbox(e, '13800138001')).messages.map((m) => m.templateParam?.code)).toEqual([
      '222222',
      '111111',
    ]);
  });

  it('refuses an illegal number with isv.MOBILE_NUMBER_ILLEGAL (a 200 body, as Dysmsapi does)', async () => {
    for (const bad of ['12345', 'abc', '8623800138000']) {
      const res = await send(bad);
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatchObject({ code: 'isv.MOBILE_NUMBER_ILLEGAL' });
    }
    expect((await inbox(e)).messages).toEqual([]);
  });

  it('refuses a TemplateParam that is not a JSON object', async () => {
    const res = await client.sendSms(
      new SmsSdk.SendSmsRequest({
        phoneNumbers: '13800138000',
        signName: 's',
        templateCode: 't',
        templateParam: '{oops',
      }),
    );
    expect(res.body).toMatchObject({ code: 'isv.INVALID_JSON_PARAM' });
  });

  it('applies the per-number flow control: 1 per minute, 5 per hour', async () => {
    expect((await send('13800138002')).body!.code).toBe('OK');
    const limited = await send('13800138002');
    expect(limited.body).toMatchObject({
      code: 'isv.BUSINESS_LIMIT_CONTROL',
      message: '触发分钟级流控Permits:1',
    });
    expect((await send('13800138003')).body!.code).toBe('OK'); // another number is not limited
    for (let i = 0; i < 4; i++) {
      clock.advance(61_000);
      expect((await send('13800138002')).body!.code).toBe('OK');
    }
    clock.advance(61_000);
    expect((await send('13800138002')).body).toMatchObject({
      code: 'isv.BUSINESS_LIMIT_CONTROL',
      message: '触发小时级流控Permits:5',
    });
    expect((await inbox(e, '13800138002')).messages).toHaveLength(5);
  });

  it('needs PhoneNumbers, SignName and TemplateCode', async () => {
    const err = await sdkError(
      client.sendSms(new SmsSdk.SendSmsRequest({ signName: 's', templateCode: 't' })),
    );
    expect(err).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
  });

  it('allows RAM users with AliyunRAMFullAccess, refuses others (NoPermission)', async () => {
    const root = ram(e.port, e.root, mode);
    await root.createUser(new RamSdk.CreateUserRequest({ userName: 'sender' }));
    const key = (
      await root.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName: 'sender' }))
    ).body!.accessKey!;
    const sender = sms(
      e.port,
      { accessKeyId: key.accessKeyId!, accessKeySecret: key.accessKeySecret! },
      mode,
    );
    const req = () =>
      sender.sendSms(
        new SmsSdk.SendSmsRequest({
          phoneNumbers: '13800138009',
          signName: 's',
          templateCode: 't',
        }),
      );
    expect(await sdkError(req())).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    await root.attachPolicyToUser(
      new RamSdk.AttachPolicyToUserRequest({
        userName: 'sender',
        policyName: 'AliyunRAMReadOnlyAccess',
        policyType: 'System',
      }),
    );
    expect(await sdkError(req())).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    await root.attachPolicyToUser(
      new RamSdk.AttachPolicyToUserRequest({
        userName: 'sender',
        policyName: 'AliyunRAMFullAccess',
        policyType: 'System',
      }),
    );
    expect((await req()).body!.code).toBe('OK');
    expect((await inbox(e, '13800138009')).messages[0]!.templateParam).toBeNull();
  });
});

describe('SMS flow control over a day (own signer: the clock moves past the SDK’s 15-minute window)', () => {
  const clock = testClock('2030-01-01T00:00:00Z');
  const date = () => clock.now().toISOString().slice(0, 19) + 'Z';
  const sendAt = (e: Running, phone: string) =>
    fetchV3(e.origin, e.root, {
      action: 'SendSms',
      version: '2017-05-25',
      params: {
        PhoneNumbers: phone,
        SignName: 'RAM Console',
        TemplateCode: 'SMS_1',
        TemplateParam: '{"code":"1"}',
      },
      date: date(),
    });

  it('allows 10 per day, then isv.BUSINESS_LIMIT_CONTROL until the day has passed', async () => {
    const e = await startEmulator({ now: clock.now });
    try {
      for (let i = 0; i < 10; i++) {
        expect((await sendAt(e, '13700137000')).body.Code).toBe('OK');
        clock.advance(i === 4 ? 61 * 60_000 : 2 * 60_000); // past the hourly window after five
      }
      clock.advance(61 * 60_000); // the hourly window is clear again: only the daily one applies
      expect((await sendAt(e, '13700137000')).body).toMatchObject({
        Code: 'isv.BUSINESS_LIMIT_CONTROL',
        Message: '触发天级流控Permits:10',
      });
      clock.set('2030-01-02T00:00:01Z');
      expect((await sendAt(e, '13700137000')).body.Code).toBe('OK');
    } finally {
      await e.close();
    }
  });

  it('skips flow control when smsFlowControl is false (demo mode)', async () => {
    const e = await startEmulator({ now: clock.now, smsFlowControl: false });
    try {
      for (let i = 0; i < 12; i++) expect((await sendAt(e, '13700137001')).body.Code).toBe('OK');
      expect((await inbox(e, '13700137001')).messages).toHaveLength(12);
    } finally {
      await e.close();
    }
  });
});

describe('normalizePhone', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['+85291234567', '85291234567'],
    ['12345', undefined],
    ['23800138000', '23800138000'],
    ['86123', undefined],
  ])('%s → %s', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });
});
