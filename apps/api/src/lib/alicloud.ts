// The @alicloud SDKs are CommonJS compiled from TypeScript: from native ESM the default import is
// module.exports, and the classes hang off it (TOOLCHAIN.md). This file is the one place that knows.
import RamSdk from '@alicloud/ram20150501';
import SmsSdk from '@alicloud/dysmsapi20170525';
import StsSdk from '@alicloud/sts20150401';
import ImsSdk from '@alicloud/ims20190815';
import OpenApiCore from '@alicloud/openapi-core';
import CredentialsSdk from '@alicloud/credentials';

export { ImsSdk, RamSdk, SmsSdk, StsSdk };
export const RamClient = RamSdk.default;
export const SmsClient = SmsSdk.default;
export const StsClient = StsSdk.default;
export type RamClient = InstanceType<typeof RamSdk.default>;
export type SmsClient = InstanceType<typeof SmsSdk.default>;
export type StsClient = InstanceType<typeof StsSdk.default>;
export const ImsClient = ImsSdk.default;
export type ImsClient = InstanceType<typeof ImsSdk.default>;
/** openapi-core's generic client: signs any RPC action like the typed SDKs do (generic-rpc.ts). */
export const GenericClient = OpenApiCore.default;
export type GenericClient = InstanceType<typeof OpenApiCore.default>;
export const OpenApiParams = OpenApiCore.$OpenApiUtil.Params;
export const OpenApiRequest = OpenApiCore.$OpenApiUtil.OpenApiRequest;
export const OpenApiConfig = OpenApiCore.$OpenApiUtil.Config;
export type OpenApiConfig = InstanceType<typeof OpenApiCore.$OpenApiUtil.Config>;
export const Credential = CredentialsSdk.default;

/** Where an SDK client sends requests, and how it signs them. */
export interface Endpoint {
  /** host[:port], as the SDK wants it. */
  host: string;
  protocol: 'http' | 'https';
}

/** Accepts `ram.aliyuncs.com`, `127.0.0.1:9100` or `http://127.0.0.1:9100`. */
export function parseEndpoint(value: string): Endpoint {
  const m = /^(https?):\/\/([^/]+)\/?$/i.exec(value.trim());
  if (m) return { protocol: m[1]!.toLowerCase() as 'http' | 'https', host: m[2]! };
  return { protocol: 'https', host: value.trim().replace(/\/$/, '') };
}

export interface SdkTarget {
  endpoint: Endpoint;
  /** Explicit pair, or the @alicloud/credentials default chain (env, profile, ECS role…). */
  credentials: { accessKeyId: string; accessKeySecret: string } | 'default-chain';
  readTimeoutMs: number;
  connectTimeoutMs: number;
}

export function sdkConfig(target: SdkTarget): OpenApiConfig {
  const base = {
    endpoint: target.endpoint.host,
    protocol: target.endpoint.protocol,
    readTimeout: target.readTimeoutMs,
    connectTimeout: target.connectTimeoutMs,
    regionId: 'cn-hangzhou',
  };
  return target.credentials === 'default-chain'
    ? new OpenApiConfig({ ...base, credential: new Credential() })
    : new OpenApiConfig({ ...base, ...target.credentials });
}
