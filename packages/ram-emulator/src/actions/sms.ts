import { SmsBusinessError } from '../errors.js';
import { newBizId } from '../ids.js';
import { required, type ActionDef } from './context.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Dysmsapi's default verification-code flow control per signature + number. */
const FLOW_CONTROL = [
  { windowMs: MINUTE, permits: 1, message: '触发分钟级流控Permits:1' },
  { windowMs: HOUR, permits: 5, message: '触发小时级流控Permits:5' },
  { windowMs: DAY, permits: 10, message: '触发天级流控Permits:10' },
];

/**
 * Canonical form of a number: mainland numbers lose `+86`/`0086`/`86` (11 digits starting with 1),
 * international ones keep their country code without `+`/`00`. Undefined when not a phone number.
 */
export function normalizePhone(raw: string): string | undefined {
  const digits = raw.trim().replace(/^\+|^00/, '');
  if (!/^\d+$/.test(digits)) return undefined;
  const mainland = /^(?:86)?(1[3-9]\d{9})$/.exec(digits);
  if (mainland) return mainland[1];
  if (digits.startsWith('86') || digits.startsWith('0')) return undefined;
  return /^\d{8,15}$/.test(digits) ? digits : undefined;
}

function templateParam(raw: string | undefined): Record<string, unknown> | null {
  if (raw === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through to the Dysmsapi error
  }
  throw new SmsBusinessError('isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
}

const SendSms: ActionDef = {
  permission: 'sms',
  handler(ctx) {
    const numbers = required(ctx, 'PhoneNumbers').split(',');
    const signName = required(ctx, 'SignName');
    const templateCode = required(ctx, 'TemplateCode');
    const param = templateParam(ctx.param('TemplateParam'));
    if (numbers.length > 1000)
      throw new SmsBusinessError('isv.MOBILE_COUNT_OVER_LIMIT', '手机号码数量超过限制');
    const phones = numbers.map(normalizePhone);
    if (phones.some((p) => p === undefined))
      throw new SmsBusinessError('isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
    const now = ctx.settings.now().getTime();
    const bizId = newBizId();
    ctx.store.transaction(() => {
      for (const phone of phones as string[]) {
        if (ctx.settings.smsFlowControl) {
          for (const rule of FLOW_CONTROL) {
            if (ctx.store.countSmsSince(phone, signName, now - rule.windowMs) >= rule.permits) {
              throw new SmsBusinessError('isv.BUSINESS_LIMIT_CONTROL', rule.message);
            }
          }
        }
        ctx.store.insertSms({
          phone,
          sign_name: signName,
          template_code: templateCode,
          template_param: param === null ? null : JSON.stringify(param),
          sent_at: now,
          biz_id: bizId,
        });
      }
    });
    return { Code: 'OK', Message: 'OK', BizId: bizId };
  },
};

export const smsActions = { SendSms };
