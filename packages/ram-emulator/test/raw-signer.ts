import { randomBytes } from 'node:crypto';
import {
  EMPTY_BODY_SHA256,
  percentEncode,
  v1Signature,
  v3Signature,
} from '../src/signature/index.js';
import type { Credentials } from './helpers.js';

/**
 * Our own request signer (built on the module the published vectors prove), for what the SDK
 * cannot do: reuse a nonce, pick the timestamp, tamper with a signature.
 */
export interface RawCall {
  action: string;
  version?: string;
  params?: Record<string, string>;
  /** ISO `yyyy-MM-ddTHH:mm:ssZ`; default: now. */
  date?: string;
  nonce?: string;
  /** Applied to the computed signature before sending. */
  tamper?: (signature: string) => string;
}

const isoNow = () => new Date().toISOString().slice(0, 19) + 'Z';
const newNonce = () => randomBytes(16).toString('hex');
const queryString = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');

export async function fetchV3(
  origin: string,
  creds: Credentials,
  call: RawCall,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(origin);
  const params = call.params ?? {};
  const headers: Record<string, string> = {
    host: url.host,
    'x-acs-action': call.action,
    'x-acs-version': call.version ?? '2015-05-01',
    'x-acs-date': call.date ?? isoNow(),
    'x-acs-signature-nonce': call.nonce ?? newNonce(),
    'x-acs-content-sha256': EMPTY_BODY_SHA256,
  };
  const signedHeaders = Object.keys(headers).sort();
  let signature = v3Signature(
    {
      method: 'POST',
      path: '/',
      query: params,
      headers,
      signedHeaders,
      payloadHash: EMPTY_BODY_SHA256,
    },
    creds.accessKeySecret,
  );
  if (call.tamper) signature = call.tamper(signature);
  const qs = queryString(params);
  const res = await fetch(`${origin}/${qs ? '?' + qs : ''}`, {
    method: 'POST',
    headers: {
      ...headers,
      accept: 'application/json',
      authorization: `ACS3-HMAC-SHA256 Credential=${creds.accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`,
    },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function fetchV1(
  origin: string,
  creds: Credentials,
  call: RawCall & { method?: 'GET' | 'POST'; format?: string },
): Promise<{ status: number; text: string; contentType: string | null }> {
  const method = call.method ?? 'POST';
  const params: Record<string, string> = {
    Action: call.action,
    Version: call.version ?? '2015-05-01',
    ...(call.format === undefined
      ? { Format: 'JSON' }
      : call.format === ''
        ? {}
        : { Format: call.format }),
    AccessKeyId: creds.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: call.nonce ?? newNonce(),
    Timestamp: call.date ?? isoNow(),
    ...call.params,
  };
  let signature = v1Signature(method, params, creds.accessKeySecret);
  if (call.tamper) signature = call.tamper(signature);
  const res = await fetch(`${origin}/?${queryString({ ...params, Signature: signature })}`, {
    method,
  });
  return {
    status: res.status,
    text: await res.text(),
    contentType: res.headers.get('content-type'),
  };
}
