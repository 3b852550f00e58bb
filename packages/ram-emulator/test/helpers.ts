import RamSdk from '@alicloud/ram20150501';
import StsSdk from '@alicloud/sts20150401';
import SmsSdk from '@alicloud/dysmsapi20170525';
import ImsSdk from '@alicloud/ims20190815';
import OpenApi from '@alicloud/openapi-core';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildEmulator, type EmulatorOptions } from '../src/index.js';

export type Mode = 'v3' | 'v1';
export const MODES: Mode[] = ['v3', 'v1'];

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface Running {
  app: FastifyInstance;
  port: number;
  origin: string;
  root: Credentials;
  close: () => Promise<void>;
}

/** Builds the emulator and listens on an ephemeral loopback port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Running> {
  const app = await buildEmulator(options);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    port,
    origin: `http://127.0.0.1:${port}`,
    root: app.emulator.rootCredentials,
    close: () => app.close(),
  };
}

function config(port: number, creds: Credentials, mode: Mode) {
  return new OpenApi.$OpenApiUtil.Config({
    accessKeyId: creds.accessKeyId,
    accessKeySecret: creds.accessKeySecret,
    endpoint: `127.0.0.1:${port}`,
    protocol: 'http',
    ...(mode === 'v1' ? { signatureAlgorithm: 'v2' } : {}),
  });
}

export const ram = (port: number, creds: Credentials, mode: Mode) =>
  new RamSdk.default(config(port, creds, mode));
export const sts = (port: number, creds: Credentials, mode: Mode) =>
  new StsSdk.default(config(port, creds, mode));
export const sms = (port: number, creds: Credentials, mode: Mode) =>
  new SmsSdk.default(config(port, creds, mode));
export const ims = (port: number, creds: Credentials, mode: Mode) =>
  new ImsSdk.default(config(port, creds, mode));
export { ImsSdk, RamSdk, SmsSdk };

/**
 * An action the official SDKs do not have (IMS network policies and idle days, ActionTrail),
 * through openapi-core's generic client: signed exactly like the typed calls (TOOLCHAIN.md).
 */
export async function callApi(
  port: number,
  creds: Credentials,
  mode: Mode,
  version: string,
  action: string,
  query: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const client = new OpenApi.default(config(port, creds, mode));
  const params = new OpenApi.$OpenApiUtil.Params({
    action,
    version,
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const res = (await client.callApi(
    params,
    new OpenApi.$OpenApiUtil.OpenApiRequest({ query }),
    {} as never,
  )) as { body: Record<string, unknown> };
  return res.body;
}

export const IMS = '2019-08-15';
export const ACTIONTRAIL = '2020-07-06';

/** Moves the emulator's business clock forward (the SDK keeps signing with real time). */
export async function advanceClock(app: FastifyInstance, days: number): Promise<void> {
  const res = await app.inject({
    method: 'POST',
    url: '/__emulator/clock',
    payload: { advanceDays: days },
  });
  if (res.statusCode !== 200) throw new Error(`clock hook answered ${res.statusCode}`);
}

/** The SDK error surface: `.code` and `.statusCode` on the thrown exception. */
export async function sdkError(
  promise: Promise<unknown>,
): Promise<{ code: string; statusCode: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code?: string; statusCode?: number; message?: string };
    return { code: String(e.code), statusCode: Number(e.statusCode), message: String(e.message) };
  }
  throw new Error('expected the SDK call to fail');
}

/** A settable clock for `now`. */
export function testClock(start = '2026-01-01T00:00:00Z') {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
    set(iso: string) {
      t = Date.parse(iso);
    },
  };
}
