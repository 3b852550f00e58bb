import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { serverSecretOf } from './lib/crypto.js';

describe('config', () => {
  it('defaults to embedded mode on 127.0.0.1:8080 with ./data', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      mode: 'emulator',
      sms: { provider: 'emulator' },
      session: { idleMinutes: 30, absoluteHours: 12 },
      trustProxy: false,
      publicUrl: { origin: 'http://127.0.0.1:8080', fromListenAddress: true },
    });
    expect(c.dataDir).toMatch(/data$/);
  });

  it('PUBLIC_URL: an origin; plain http only on loopback; required when HOST is not loopback', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://Console.Example.com/' }).publicUrl).toEqual({
      origin: 'https://console.example.com',
      fromListenAddress: false,
    });
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3000' }).publicUrl.origin).toBe(
      'http://localhost:3000',
    );
    expect(loadConfig({ HOST: '::1', PORT: '9000' }).publicUrl.origin).toBe('http://[::1]:9000');
    for (const [env, message] of [
      [
        { PUBLIC_URL: 'http://console.example.com' },
        /PUBLIC_URL: plain http is allowed only on loopback/,
      ],
      [{ PUBLIC_URL: 'http://10.0.0.5:8080' }, /PUBLIC_URL: plain http/],
      [{ PUBLIC_URL: 'https://console.example.com/console' }, /PUBLIC_URL: must be an origin only/],
      [{ PUBLIC_URL: 'https://user:pw@console.example.com' }, /PUBLIC_URL: must be an origin only/],
      [{ PUBLIC_URL: 'ftp://console.example.com' }, /PUBLIC_URL: must start with https/],
      [{ PUBLIC_URL: 'console.example.com' }, /PUBLIC_URL: must be a URL/],
      [{ HOST: '0.0.0.0' }, /PUBLIC_URL: required when HOST \(0\.0\.0\.0\) is not a loopback/],
    ] as const) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(message);
    }
    expect(
      loadConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'https://console.example.com' }).publicUrl.origin,
    ).toBe('https://console.example.com');
  });

  it('TRUST_PROXY: false or proxy addresses/CIDRs; never true, no hop count', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(
      loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback,::1,fd00::/8' }).trustProxy,
    ).toEqual(['10.0.0.5', '10.1.0.0/16', 'loopback', '::1', 'fd00::/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(
      /TRUST_PROXY: "true" would take X-Forwarded-For/,
    );
    expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(/TRUST_PROXY: a hop count/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(
      /TRUST_PROXY: not an address.*10\.0\.0\.0\/33/,
    );
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.internal' })).toThrow(
      /TRUST_PROXY: not an address/,
    );
  });

  it('real mode: no SMS_PROVIDER=log and no plain http to RAM or Dysmsapi off loopback', () => {
    const real = {
      RAM_ENDPOINT: 'ram.aliyuncs.com',
      SMS_SIGN_NAME: 'Acme',
      SMS_TEMPLATE_CODE: 'SMS_1',
      SMS_NOTICE_TEMPLATE_CODE: 'SMS_2',
    };
    expect(() => loadConfig({ ...real, SMS_PROVIDER: 'log' })).toThrow(
      /SMS_PROVIDER: "log" writes verification codes/,
    );
    expect(() => loadConfig({ ...real, RAM_ENDPOINT: 'http://ram.aliyuncs.com' })).toThrow(
      /RAM_ENDPOINT: plain http is allowed only on loopback/,
    );
    expect(() => loadConfig({ ...real, SMS_ENDPOINT: 'http://10.0.0.9:9100' })).toThrow(
      /SMS_ENDPOINT: plain http/,
    );
    expect(loadConfig({ ...real, RAM_ENDPOINT: 'https://ram.aliyuncs.com' }).mode).toBe(
      'alibaba-cloud',
    );
    expect(loadConfig({ ...real, SMS_ENDPOINT: 'http://127.0.0.1:9100' }).sms.endpoint).toBe(
      'http://127.0.0.1:9100',
    );
    expect(
      loadConfig({ RAM_ENDPOINT: 'http://localhost:9100', SMS_PROVIDER: 'log' }).sms.provider,
    ).toBe('log');
  });

  it('cheap test password hashing only against the embedded emulator or RAM on loopback', () => {
    const cheap = { INSECURE_TEST_PASSWORD_HASHING: '1' };
    expect(() =>
      loadConfig({
        ...cheap,
        RAM_ENDPOINT: 'ram.aliyuncs.com',
        SMS_SIGN_NAME: 'Acme',
        SMS_TEMPLATE_CODE: 'SMS_1',
        SMS_NOTICE_TEMPLATE_CODE: 'SMS_2',
      }),
    ).toThrow(/INSECURE_TEST_PASSWORD_HASHING: cheap password hashing is for the test suites/);
    expect(loadConfig(cheap).mode).toBe('emulator');
    expect(
      loadConfig({ ...cheap, RAM_ENDPOINT: 'http://127.0.0.1:9100', SMS_PROVIDER: 'log' }).mode,
    ).toBe('alibaba-cloud');
  });

  it('real mode defaults to Dysmsapi and needs its sign name and templates', () => {
    try {
      loadConfig({ RAM_ENDPOINT: 'ram.aliyuncs.com' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toContain('SMS_SIGN_NAME');
      expect(problems).toContain('SMS_TEMPLATE_CODE');
      // The "your console phone was changed" notice to an operator's old number.
      expect(problems).toContain('SMS_NOTICE_TEMPLATE_CODE');
    }
    const ok = loadConfig({
      RAM_ENDPOINT: 'ram.aliyuncs.com',
      SMS_SIGN_NAME: 'Acme',
      SMS_TEMPLATE_CODE: 'SMS_1',
      SMS_NOTICE_TEMPLATE_CODE: 'SMS_2',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
    });
    expect(ok).toMatchObject({
      mode: 'alibaba-cloud',
      sms: { provider: 'aliyun', templateCode: 'SMS_1', noticeTemplateCode: 'SMS_2' },
    });
    expect(ok.accessKey).toEqual({ accessKeyId: 'id', accessKeySecret: 'secret' });
  });

  it('lists every problem at once, readably', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        SMS_PROVIDER: 'pigeon',
        SESSION_TTL_MINUTES: '0',
        CONSOLE_ADMIN_PASSWORD: 'short',
        CONSOLE_ADMIN_PHONE: 'call me',
      });
      expect.unreachable();
    } catch (err) {
      const e = err as ConfigError;
      expect(e.message).toMatch(/^Invalid configuration:\n {2}- /);
      for (const key of [
        'PORT',
        'SMS_PROVIDER',
        'SESSION_TTL_MINUTES',
        'CONSOLE_ADMIN_PASSWORD',
        'CONSOLE_ADMIN_PHONE',
      ]) {
        expect(e.problems.join('\n')).toContain(key);
      }
    }
  });

  it('credentials come in pairs', () => {
    expect(() => loadConfig({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'only-half' })).toThrow(
      /ALIBABA_CLOUD_ACCESS_KEY_SECRET/,
    );
  });

  it('the emulator SMS provider only exists in embedded mode', () => {
    expect(() =>
      loadConfig({ RAM_ENDPOINT: 'ram.aliyuncs.com', SMS_PROVIDER: 'emulator' }),
    ).toThrow(/SMS_PROVIDER/);
    expect(
      loadConfig({ RAM_ENDPOINT: 'http://127.0.0.1:9100', SMS_PROVIDER: 'log' }).sms.provider,
    ).toBe('log');
  });

  it('key hygiene thresholds default to 90 days, no max age, a day of grace', () => {
    const c = loadConfig({});
    expect(c.keyPolicy).toEqual({ unusedForDays: 90, olderThanDays: 90, maxAgeDays: null });
    expect(c.rotationGraceMinutes).toBe(24 * 60);
    const set = loadConfig({
      UNUSED_FOR_DAYS: '30',
      OLDER_THAN_DAYS: '180',
      KEY_MAX_AGE_DAYS: '365',
      ROTATION_GRACE_MINUTES: '0',
    });
    expect(set.keyPolicy).toEqual({ unusedForDays: 30, olderThanDays: 180, maxAgeDays: 365 });
    expect(set.rotationGraceMinutes).toBe(0);
    expect(() => loadConfig({ KEY_MAX_AGE_DAYS: '0' })).toThrow(/KEY_MAX_AGE_DAYS/);
    expect(() => loadConfig({ UNUSED_FOR_DAYS: 'soon' })).toThrow(/UNUSED_FOR_DAYS/);
  });

  it('keeps CONSOLE_SECRET_KEY out of the config object; a short one is refused', () => {
    const key = 'console-secret-key-value-0123456789';
    const c = loadConfig({ CONSOLE_SECRET_KEY: key });
    expect(JSON.stringify(c)).not.toContain(key);
    expect(serverSecretOf(c)).toBe(key);
    expect(serverSecretOf({ ...c })).toBeUndefined();
    expect(() => loadConfig({ CONSOLE_SECRET_KEY: 'short' })).toThrow(
      /CONSOLE_SECRET_KEY: must be at least 32 characters/,
    );
    expect(loadConfig({}).stepUpWindowMinutes).toBe(0);
    expect(loadConfig({ STEP_UP_WINDOW_MINUTES: '15' }).stepUpWindowMinutes).toBe(15);
    expect(() => loadConfig({ STEP_UP_WINDOW_MINUTES: '61' })).toThrow(/STEP_UP_WINDOW_MINUTES/);
  });

  it('DATABASE_URL: PostgreSQL for several instances, refused beside the embedded emulator unless allowed for tests', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    const real = { RAM_ENDPOINT: 'http://127.0.0.1:9100', SMS_PROVIDER: 'log' };
    const url = 'postgres://console@db.internal:5432/console';
    expect(loadConfig({ ...real, DATABASE_URL: url })).toMatchObject({
      databaseUrl: url,
      databasePoolSize: 10,
    });
    expect(() => loadConfig({ DATABASE_URL: url })).toThrow(
      /DATABASE_URL: .*RAM_ENDPOINT is unset: each instance would run its own embedded emulator/,
    );
    expect(loadConfig({ DATABASE_URL: url, ALLOW_EMBEDDED_WITH_DATABASE_URL: 'true' }).mode).toBe(
      'emulator',
    );
    expect(() => loadConfig({ ...real, DATABASE_URL: 'mysql://db/console' })).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    expect(() => loadConfig({ ...real, DATABASE_URL: url, DATABASE_POOL_SIZE: '1' })).toThrow(
      /DATABASE_POOL_SIZE/,
    );
  });

  it('SHUTDOWN_GRACE_SECONDS defaults to 35 (a load balancer notices an unready instance)', () => {
    expect(loadConfig({}).shutdownGraceSeconds).toBe(35);
    expect(loadConfig({ SHUTDOWN_GRACE_SECONDS: '0.2' }).shutdownGraceSeconds).toBe(0.2);
    expect(() => loadConfig({ SHUTDOWN_GRACE_SECONDS: '-1' })).toThrow(/SHUTDOWN_GRACE_SECONDS/);
  });
});
