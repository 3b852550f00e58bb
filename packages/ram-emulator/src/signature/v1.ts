import { createHmac } from 'node:crypto';
import { canonicalQuery, percentEncode, type Params } from './encode.js';

/**
 * V1 RPC signing (`SignatureMethod=HMAC-SHA1`): every request parameter except `Signature`
 * (query plus form body), sorted and encoded, then
 * `METHOD&%2F&percentEncode(canonical)` signed with `secret + "&"`, base64.
 */
export function v1StringToSign(method: string, params: Params): string {
  return (
    method.toUpperCase() +
    '&' +
    percentEncode('/') +
    '&' +
    percentEncode(canonicalQuery(params, 'Signature'))
  );
}

export function v1Signature(method: string, params: Params, accessKeySecret: string): string {
  return createHmac('sha1', accessKeySecret + '&')
    .update(v1StringToSign(method, params))
    .digest('base64');
}
