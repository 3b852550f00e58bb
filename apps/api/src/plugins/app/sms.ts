import { ConsoleErrorCode } from '@ram-console/contracts';
import { ApiHttpError } from '../../errors.js';
import { SmsClient, SmsSdk, sdkConfig, type SdkTarget } from '../../lib/alicloud.js';

/** Notices the console sends about an operator's account (no code in them). */
export type SmsNotice = 'phone-changed';

/** Sends a verification code, or a notice, to a phone. */
export interface SmsSender {
  send(phone: string, code: string): Promise<void>;
  /** "Your console phone was changed", to the old number. */
  notify(phone: string, notice: SmsNotice): Promise<void>;
}

/** Dysmsapi's PhoneNumbers takes digits with the country code and no '+'. */
export const smsPhoneNumber = (phone: string): string => phone.replace(/^\+/, '');

/**
 * Dysmsapi SendSms with the configured sign name and template (`TemplateParam {"code":"…"}`) —
 * the same code path for the real service and the emulator's inbox.
 */
export function createDysmsSender(
  target: SdkTarget,
  opts: { signName: string; templateCode: string; noticeTemplateCode: string },
): SmsSender {
  const client = new SmsClient(sdkConfig(target));
  async function sendSms(phone: string, templateCode: string, param: Record<string, string>) {
    let body: { code?: string; message?: string; requestId?: string } | undefined;
    try {
      const res = await client.sendSms(
        new SmsSdk.SendSmsRequest({
          phoneNumbers: smsPhoneNumber(phone),
          signName: opts.signName,
          templateCode,
          templateParam: JSON.stringify(param),
        }),
      );
      body = res.body;
    } catch (err) {
      const e = err as { code?: unknown; statusCode?: unknown; data?: { Message?: string } };
      throw new ApiHttpError(
        502,
        typeof e.code === 'string' && e.statusCode ? e.code : ConsoleErrorCode.SmsUnavailable,
        `The SMS service did not send the message${e.data?.Message ? `: ${e.data.Message}` : ''}`,
      );
    }
    if (body?.code !== 'OK') {
      // Business errors (e.g. isv.BUSINESS_LIMIT_CONTROL) come back as a 200 with Code ≠ OK.
      throw new ApiHttpError(
        body?.code === 'isv.BUSINESS_LIMIT_CONTROL' ? 429 : 502,
        body?.code ?? ConsoleErrorCode.SmsUnavailable,
        `The SMS service did not send the message: ${body?.message ?? 'no answer'}`,
        body?.requestId ? { ramRequestId: body.requestId } : {},
      );
    }
  }
  return {
    send: (phone, code) => sendSms(phone, opts.templateCode, { code }),
    // The notice template names the event; `notice` tells a shared template which one it is.
    notify: (phone, notice) => sendSms(phone, opts.noticeTemplateCode, { notice }),
  };
}

/**
 * Development only (SMS_PROVIDER=log): the code goes to stderr as plain text for the person at the
 * terminal, never through the structured (pino) log that may be shipped elsewhere.
 */
export function createLogSender(
  write: (line: string) => void = (l) => process.stderr.write(l),
): SmsSender {
  return {
    async send(phone, code) {
      write(`[ram-console sms:log] verification code for ${phone}: ${code}\n`);
    },
    async notify(phone, notice) {
      write(`[ram-console sms:log] notice to ${phone}: ${notice}\n`);
    },
  };
}
