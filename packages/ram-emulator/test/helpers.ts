import RamSdk from '@alicloud/ram20150501';
import StsSdk from '@alicloud/sts20150401';
import SmsSdk from '@alicloud/dysmsapi20170525';
import * as OpenApi from '@alicloud/openapi-core';
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
export { RamSdk, SmsSdk };

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
