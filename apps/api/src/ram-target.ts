import type { Config } from './config.js';
import { parseEndpoint, type Endpoint, type SdkTarget } from './lib/alicloud.js';
import { createRamGateway, type RamGateway } from './plugins/app/ram-gateway.js';
import { createDysmsSender, createLogSender, type SmsSender } from './plugins/app/sms.js';

export const SDK_TIMEOUTS = { readTimeoutMs: 10_000, connectTimeoutMs: 5_000 };

/**
 * STS (GetCallerIdentity) lives next to RAM: on Alibaba Cloud `ram.*` → `sts.*`; any other
 * endpoint (an emulator) serves both on one port.
 */
export function stsEndpointFor(ram: Endpoint): Endpoint {
  if (/^ram\.(.+\.)?aliyuncs\.com$/i.test(ram.host)) {
    return { ...ram, host: ram.host.replace(/^ram\./i, 'sts.') };
  }
  return ram;
}

/** IMS lives at `ims.aliyuncs.com` beside RAM; an emulator serves it on its one port. */
export function imsEndpointFor(ram: Endpoint): Endpoint {
  if (/^ram\.(.+\.)?aliyuncs\.com$/i.test(ram.host)) return { ...ram, host: 'ims.aliyuncs.com' };
  return ram;
}

/**
 * ActionTrail is regional (`actiontrail.<region>.aliyuncs.com`, ACTIONTRAIL_ENDPOINT); an emulator
 * serves it on its one port.
 */
export function actionTrailEndpointFor(ram: Endpoint, configured: string | undefined): Endpoint {
  if (configured) return parseEndpoint(configured);
  if (/^ram\.(.+\.)?aliyuncs\.com$/i.test(ram.host))
    return { ...ram, host: 'actiontrail.cn-hangzhou.aliyuncs.com' };
  return ram;
}

/** Gateway and SMS sender for a config: the same code for the emulator and Alibaba Cloud. */
export function connect(
  config: Pick<Config, 'ramEndpoint' | 'accessKey' | 'sms'> &
    Partial<Pick<Config, 'ramCalls' | 'actionTrailEndpoint'>>,
  overrides: {
    /** Embedded mode: the in-process emulator's address and root pair. */
    emulator?: {
      endpoint: Endpoint;
      credentials: { accessKeyId: string; accessKeySecret: string };
    };
    timeouts?: { readTimeoutMs: number; connectTimeoutMs: number };
    readRetryDelaysMs?: number[];
    /** Backoff of throttled reads (tests shorten it) and the last-used cache's clock. */
    throttleBaseDelayMs?: number;
    now?: () => number;
  } = {},
): { ram: RamGateway; sms: SmsSender; consoleAccessKeyId: string | undefined } {
  const timeouts = overrides.timeouts ?? SDK_TIMEOUTS;
  const ramEndpoint =
    overrides.emulator?.endpoint ?? parseEndpoint(config.ramEndpoint ?? 'ram.aliyuncs.com');
  const credentials = overrides.emulator?.credentials ?? config.accessKey ?? 'default-chain';
  const target = (endpoint: Endpoint): SdkTarget => ({ endpoint, credentials, ...timeouts });
  const ram = createRamGateway({
    ram: target(ramEndpoint),
    sts: target(stsEndpointFor(ramEndpoint)),
    ims: target(imsEndpointFor(ramEndpoint)),
    actiontrail: target(
      overrides.emulator
        ? ramEndpoint
        : actionTrailEndpointFor(ramEndpoint, config.actionTrailEndpoint),
    ),
    ...(overrides.readRetryDelaysMs ? { readRetryDelaysMs: overrides.readRetryDelaysMs } : {}),
    ...(config.ramCalls
      ? {
          maxConcurrentCalls: config.ramCalls.maxConcurrent,
          lastUsedTtlMs: config.ramCalls.lastUsedCacheSeconds * 1000,
        }
      : {}),
    ...(overrides.throttleBaseDelayMs !== undefined
      ? { throttleBaseDelayMs: overrides.throttleBaseDelayMs }
      : {}),
    ...(overrides.now ? { now: overrides.now } : {}),
  });
  let sms: SmsSender;
  if (config.sms.provider === 'log') {
    sms = createLogSender();
  } else {
    const smsEndpoint =
      config.sms.provider === 'emulator'
        ? ramEndpoint
        : parseEndpoint(config.sms.endpoint ?? 'dysmsapi.aliyuncs.com');
    sms = createDysmsSender(target(smsEndpoint), {
      signName: config.sms.signName,
      templateCode: config.sms.templateCode,
      noticeTemplateCode: config.sms.noticeTemplateCode,
    });
  }
  return {
    ram,
    sms,
    consoleAccessKeyId: credentials === 'default-chain' ? undefined : credentials.accessKeyId,
  };
}
