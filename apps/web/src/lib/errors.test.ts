import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import zhCN from '../locales/zh-CN.json';
import { ApiRequestError } from './api-client';
import { describeError } from './errors';

async function translator(lng: 'en' | 'zh-CN') {
  const i18n = createInstance();
  await i18n.init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng,
    interpolation: { escapeValue: false },
  });
  return i18n.t;
}

const throttled = new ApiRequestError(429, {
  code: 'RamThrottled',
  message: 'RAM is throttling requests (Throttling.User); try again in 7 s',
  requestId: 'req-1',
  ramRequestId: 'ram-1',
  details: { retryAfterSeconds: 7 },
});

describe('describeError', () => {
  it("says how long RAM's throttling lasts, in the operator's language", async () => {
    expect(describeError(await translator('en'), throttled)).toEqual({
      code: 'RamThrottled',
      message: 'RAM is throttling requests. Try again in 7 s.',
      requestId: 'req-1',
      ramRequestId: 'ram-1',
    });
    expect(describeError(await translator('zh-CN'), throttled).message).toBe(
      'RAM正在限流，请在7秒后重试。',
    );
  });

  const error = (status: number, code: string, details?: Record<string, unknown>) =>
    new ApiRequestError(status, {
      code,
      message: 'English from the API, never shown when a translation exists',
      requestId: 'req-2',
      ...(details ? { details } : {}),
    });

  it('counts tries left with i18next plurals, not by reading the English message', async () => {
    const en = await translator('en');
    const zh = await translator('zh-CN');
    const wrong = (n: number) => error(400, 'VerificationCodeInvalid', { attemptsLeft: n });
    expect(describeError(en, wrong(1)).message).toBe(
      'The verification code is incorrect: 1 try left.',
    );
    expect(describeError(en, wrong(4)).message).toBe(
      'The verification code is incorrect: 4 tries left.',
    );
    expect(describeError(zh, wrong(4)).message).toBe('验证码错误，还可尝试4次。');
  });

  it('translates a reason enum as the context of its code', async () => {
    const en = await translator('en');
    const zh = await translator('zh-CN');
    const twoKeys = error(409, 'RotationCannotStart', { reason: 'tooManyKeys' });
    expect(describeError(en, twoKeys).message).toMatch(/^This RAM user already has 2 AccessKeys/);
    expect(describeError(zh, twoKeys).message).toMatch(/^此RAM用户已有2个AccessKey/);
    expect(
      describeError(en, error(409, 'AccessKeyProtected', { reason: 'usedByConsole' })).message,
    ).toMatch(/console itself uses this AccessKey/);
    expect(describeError(en, error(409, 'Conflict', { reason: 'lastAdmin' })).message).toBe(
      'The console must keep at least one admin.',
    );
    // An unknown reason falls back to the code's own sentence.
    expect(describeError(en, error(409, 'Conflict', { reason: 'somethingNew' })).message).toBe(
      'It already exists or was changed meanwhile.',
    );
  });

  it('says how long to wait from retryAfterSeconds', async () => {
    const en = await translator('en');
    expect(
      describeError(en, error(429, 'SignInThrottled', { retryAfterSeconds: 64 })).message,
    ).toBe(
      'Too many failed sign-ins for this username from your network. Try again in 64 seconds.',
    );
    expect(
      describeError(
        en,
        error(429, 'VerificationSendLimitExceeded', { retryAfterSeconds: 3000, limit: 5 }),
      ).message,
    ).toBe('At most 5 codes an hour can be sent to your phone. Try again in 50 min.');
  });
});
