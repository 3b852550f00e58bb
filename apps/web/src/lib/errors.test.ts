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
      'RAM 正在限流，请在 7 秒后重试。',
    );
  });
});
