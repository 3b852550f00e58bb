import { buildEmulator } from '@ram-console/ram-emulator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { connect, stsEndpointFor } from '../src/ram-target.js';

/**
 * Real mode is the same code path with RAM_ENDPOINT and credentials from the environment. Point
 * it at a standalone emulator to prove both the explicit pair and the @alicloud/credentials chain.
 */
describe('real mode (RAM_ENDPOINT + credentials)', () => {
  let emulator: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    emulator = await buildEmulator({ smsFlowControl: false });
    url = await emulator.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('uses ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET from the config', async () => {
    const { accessKeyId, accessKeySecret } = emulator.emulator.rootCredentials;
    const config = loadConfig({
      RAM_ENDPOINT: url,
      SMS_PROVIDER: 'log',
      ALIBABA_CLOUD_ACCESS_KEY_ID: accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: accessKeySecret,
    });
    expect(config.mode).toBe('alibaba-cloud');
    const { ram, consoleAccessKeyId } = connect(config);
    expect(consoleAccessKeyId).toBe(accessKeyId);
    expect((await ram.getCallerIdentity()).accountId).toBe(emulator.emulator.accountId);
    expect(await ram.getAccountAlias()).toEqual(expect.any(String));
  });

  it('falls back to the @alicloud/credentials default chain (environment variables)', async () => {
    const { accessKeyId, accessKeySecret } = emulator.emulator.rootCredentials;
    const saved = { ...process.env };
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = accessKeyId;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = accessKeySecret;
    try {
      const config = loadConfig({ RAM_ENDPOINT: url, SMS_PROVIDER: 'log' });
      expect(config.accessKey).toBeUndefined();
      const { ram, consoleAccessKeyId } = connect(config);
      expect(consoleAccessKeyId).toBeUndefined();
      const users = await ram.listUsers(undefined, 10);
      expect(users.users).toEqual([]);
    } finally {
      process.env = saved;
    }
  });

  it('wrong credentials surface as RAM client errors, not 5xx', async () => {
    const config = loadConfig({
      RAM_ENDPOINT: url,
      SMS_PROVIDER: 'log',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI00000000000000000000',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'x'.repeat(30),
    });
    const { ram } = connect(config);
    await expect(ram.listUsers(undefined, 10)).rejects.toMatchObject({
      statusCode: expect.any(Number),
      code: expect.stringMatching(/^InvalidAccessKeyId/),
    });
  });

  it('finds STS next to RAM', () => {
    expect(stsEndpointFor({ host: 'ram.aliyuncs.com', protocol: 'https' }).host).toBe(
      'sts.aliyuncs.com',
    );
    expect(stsEndpointFor({ host: '127.0.0.1:9100', protocol: 'http' }).host).toBe(
      '127.0.0.1:9100',
    );
  });

  it('sends codes through Dysmsapi with the configured sign name and template; flow control is a 429', async () => {
    const smsEmulator = await buildEmulator({ smsFlowControl: true });
    const smsUrl = await smsEmulator.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { accessKeyId, accessKeySecret } = smsEmulator.emulator.rootCredentials;
      const config = loadConfig({
        RAM_ENDPOINT: smsUrl,
        SMS_PROVIDER: 'aliyun',
        SMS_ENDPOINT: smsUrl,
        SMS_SIGN_NAME: 'Acme',
        SMS_TEMPLATE_CODE: 'SMS_123456789',
        SMS_NOTICE_TEMPLATE_CODE: 'SMS_987654321',
        ALIBABA_CLOUD_ACCESS_KEY_ID: accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: accessKeySecret,
      });
      const { sms } = connect(config);
      await sms.send('+8613700000001', '424242');
      const res = await fetch(new URL('/__emulator/sms?phone=8613700000001', smsUrl));
      const inbox = (await res.json()) as {
        messages: { signName: string; templateCode: string; templateParam: { code: string } }[];
      };
      expect(inbox.messages[0]).toMatchObject({
        signName: 'Acme',
        templateCode: 'SMS_123456789',
        templateParam: { code: '424242' },
      });
      // The phone-changed notice uses its own template and carries no code.
      await sms.notify('+8613700000002', 'phone-changed');
      const notices = (await (
        await fetch(new URL('/__emulator/sms?phone=8613700000002', smsUrl))
      ).json()) as { messages: { templateCode: string; templateParam: unknown }[] };
      expect(notices.messages[0]).toMatchObject({
        templateCode: 'SMS_987654321',
        templateParam: { notice: 'phone-changed' },
      });
      // Dysmsapi's 1/min per number: a business error in a 200 body becomes a visible 429.
      await expect(sms.send('+8613700000001', '434343')).rejects.toMatchObject({
        statusCode: 429,
        code: 'isv.BUSINESS_LIMIT_CONTROL',
      });
    } finally {
      await smsEmulator.close();
    }
  });
});
