import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

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
    });
    expect(c.dataDir).toMatch(/data$/);
  });

  it('real mode defaults to Dysmsapi and needs its sign name and template', () => {
    try {
      loadConfig({ RAM_ENDPOINT: 'ram.aliyuncs.com' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toContain('SMS_SIGN_NAME');
      expect(problems).toContain('SMS_TEMPLATE_CODE');
    }
    const ok = loadConfig({
      RAM_ENDPOINT: 'ram.aliyuncs.com',
      SMS_SIGN_NAME: 'Acme',
      SMS_TEMPLATE_CODE: 'SMS_1',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
    });
    expect(ok).toMatchObject({ mode: 'alibaba-cloud', sms: { provider: 'aliyun' } });
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
});
