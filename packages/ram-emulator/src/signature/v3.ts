import { createHash, createHmac } from 'node:crypto';
import { canonicalQuery, percentEncode, type Params } from './encode.js';

export const V3_ALGORITHM = 'ACS3-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface V3Input {
  method: string;
  /** URL path; RPC calls use `/`. */
  path: string;
  /** Decoded query parameters; they are re-encoded here, never signed as sent on the wire. */
  query: Params;
  /** Lower-case header name → value(s) for every name in signedHeaders. */
  headers: Record<string, string | string[] | undefined>;
  /** Lower-case names, in any order. */
  signedHeaders: string[];
  /** Lower-hex SHA-256 of the raw body. */
  payloadHash: string;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function v3CanonicalRequest(input: V3Input): string {
  const names = [...input.signedHeaders].sort();
  let headers = '';
  for (const name of names) {
    const raw = input.headers[name];
    const value = Array.isArray(raw)
      ? raw
          .map((v) => v.trim())
          .sort()
          .join(',')
      : (raw ?? '').trim();
    headers += name + ':' + value + '\n';
  }
  const uri = input.path.split('/').map(percentEncode).join('/') || '/';
  return [
    input.method.toUpperCase(),
    uri,
    canonicalQuery(input.query),
    headers,
    names.join(';'),
    input.payloadHash,
  ].join('\n');
}

export function v3HashedCanonicalRequest(input: V3Input): string {
  return sha256Hex(v3CanonicalRequest(input));
}

export function v3Signature(input: V3Input, accessKeySecret: string): string {
  const stringToSign = V3_ALGORITHM + '\n' + v3HashedCanonicalRequest(input);
  return createHmac('sha256', accessKeySecret).update(stringToSign).digest('hex');
}

export interface V3Authorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=a;b,Signature=hex`; null when malformed. */
export function parseV3Authorization(header: string): V3Authorization | null {
  if (!header.startsWith(V3_ALGORITHM + ' ')) return null;
  const fields: Record<string, string> = {};
  for (const part of header.slice(V3_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const { Credential: accessKeyId, SignedHeaders: signed, Signature: signature } = fields;
  if (!accessKeyId || !signed || !signature) return null;
  return {
    accessKeyId,
    signedHeaders: signed.split(';').map((h) => h.trim().toLowerCase()),
    signature,
  };
}
