import { describe, expect, it } from 'vitest';
import {
  EMPTY_BODY_SHA256,
  canonicalQuery,
  parseV3Authorization,
  percentEncode,
  sha256Hex,
  v1Signature,
  v1StringToSign,
  v3HashedCanonicalRequest,
  v3Signature,
  type V3Input,
} from './index.js';

// Published vectors: /work/shared/reference/ram-api.md §3 (v3doc, ramdocs, own SDK-computed vector).

function runInstances(date: string, nonce: string): V3Input {
  return {
    method: 'POST',
    path: '/',
    query: {
      ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd',
      RegionId: 'cn-shanghai',
    },
    headers: {
      host: 'ecs.cn-shanghai.aliyuncs.com',
      'x-acs-action': 'RunInstances',
      'x-acs-version': '2014-05-26',
      'x-acs-date': date,
      'x-acs-signature-nonce': nonce,
      'x-acs-content-sha256': EMPTY_BODY_SHA256,
    },
    signedHeaders:
      'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version'.split(
        ';',
      ),
    payloadHash: EMPTY_BODY_SHA256,
  };
}

describe('V3 ACS3-HMAC-SHA256', () => {
  it('hashes the empty body to the published constant', () => {
    expect(sha256Hex('')).toBe(EMPTY_BODY_SHA256);
  });

  it.each([
    {
      date: '2023-10-26T10:22:32Z',
      nonce: '3156853299f313e23d1673dc12e1703d',
      hashed: '7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259',
      signature: '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    },
    {
      date: '2023-10-26T09:01:01Z',
      nonce: 'd410180a5abf7fe235dd9b74aca91fc0',
      hashed: '29622f5feb1e9fcaaa2e276a72889c975f7b16f00e02be1ca34965b18cd85015',
      signature: 'e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804',
    },
  ])(
    'reproduces the published RunInstances example at $date',
    ({ date, nonce, hashed, signature }) => {
      const input = runInstances(date, nonce);
      expect(v3HashedCanonicalRequest(input)).toBe(hashed);
      expect(v3Signature(input, 'YourAccessKeySecret')).toBe(signature);
    },
  );

  it('re-encodes tricky characters per RFC 3986 (own RAM vector)', () => {
    const input: V3Input = {
      method: 'POST',
      path: '/',
      query: { UserName: "al ice*(~)!'" },
      headers: {
        host: 'ram.aliyuncs.com',
        'x-acs-action': 'CreateAccessKey',
        'x-acs-version': '2015-05-01',
        'x-acs-date': '2024-01-01T00:00:00Z',
        'x-acs-signature-nonce': '0123456789abcdef0123456789abcdef',
        'x-acs-content-sha256': EMPTY_BODY_SHA256,
      },
      signedHeaders: [
        'host',
        'x-acs-action',
        'x-acs-content-sha256',
        'x-acs-date',
        'x-acs-signature-nonce',
        'x-acs-version',
      ],
      payloadHash: EMPTY_BODY_SHA256,
    };
    expect(canonicalQuery(input.query)).toBe('UserName=al%20ice%2A%28~%29%21%27');
    expect(v3HashedCanonicalRequest(input)).toBe(
      '8ebb75a26dbee835bc612f4213759d812ef2629c065e8612a859ceccff5dff87',
    );
    expect(v3Signature(input, 'testsecret')).toBe(
      'aff19c502d2a3da7418353e0e9b32972cf0f17d1a09ec0eaeb95518455fd0922',
    );
  });

  it('signs the same regardless of the order signed headers are listed in', () => {
    const input = runInstances('2023-10-26T10:22:32Z', '3156853299f313e23d1673dc12e1703d');
    const reversed = { ...input, signedHeaders: [...input.signedHeaders].reverse() };
    expect(v3Signature(reversed, 'YourAccessKeySecret')).toBe(
      v3Signature(input, 'YourAccessKeySecret'),
    );
  });

  it('parses the Authorization header the SDK sends and rejects malformed ones', () => {
    expect(
      parseV3Authorization(
        'ACS3-HMAC-SHA256 Credential=LTAIx,SignedHeaders=host;x-acs-date,Signature=abc',
      ),
    ).toEqual({ accessKeyId: 'LTAIx', signedHeaders: ['host', 'x-acs-date'], signature: 'abc' });
    expect(
      parseV3Authorization('ACS3-HMAC-SM3 Credential=a,SignedHeaders=host,Signature=b'),
    ).toBeNull();
    expect(parseV3Authorization('ACS3-HMAC-SHA256 Credential=a,Signature=b')).toBeNull();
  });
});

describe('V1 HMAC-SHA1', () => {
  it('reproduces the RAM doc example (GET CreateUser) including the string to sign', () => {
    const params = {
      Action: 'CreateUser',
      UserName: 'test',
      Format: 'JSON',
      Version: '2015-05-01',
      AccessKeyId: 'testid',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: '6a6e0ca6-4557-11e5-86a2-b8e8563dc8d2',
      Timestamp: '2015-08-18T03:15:45Z',
    };
    expect(v1StringToSign('GET', params)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DCreateUser%26Format%3DJSON%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D6a6e0ca6-4557-11e5-86a2-b8e8563dc8d2%26SignatureVersion%3D1.0%26Timestamp%3D2015-08-18T03%253A15%253A45Z%26UserName%3Dtest%26Version%3D2015-05-01',
    );
    expect(v1Signature('GET', params, 'testsecret')).toBe('kRA2cnpJVacIhDMzXnoNZG9tDCI=');
    // The Signature parameter itself is never part of what is signed.
    expect(v1Signature('GET', { ...params, Signature: 'anything' }, 'testsecret')).toBe(
      'kRA2cnpJVacIhDMzXnoNZG9tDCI=',
    );
  });

  it('reproduces the IMS doc example (GET CreateUser with a UPN)', () => {
    const params = {
      Action: 'CreateUser',
      UserPrincipalName: 'test@example.onaliyun.com',
      DisplayName: 'test',
      Format: 'JSON',
      Version: '2019-08-15',
      AccessKeyId: 'testid',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: '3f6b4e80-56f7-11eb-a256-a9f756ea7e85',
      Timestamp: '2021-01-15T06:02:28Z',
    };
    expect(v1Signature('GET', params, 'testsecret')).toBe('02heLegtw4+BFamznl1Ltj+vJ4A=');
  });

  it('reproduces the own POST ListAccessKeys vector', () => {
    const params = {
      Action: 'ListAccessKeys',
      AccessKeyId: 'LTAI5tTESTTESTTESTTESTTE',
      Format: 'JSON',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '0123456789abcdef',
      SignatureVersion: '1.0',
      Timestamp: '2024-01-01T00:00:00Z',
      UserName: 'alice',
      Version: '2015-05-01',
    };
    expect(v1Signature('POST', params, 'testsecret')).toBe('FUYvVmwKjxDQAKyf7IBSfphuGcg=');
    expect(v1Signature('GET', params, 'testsecret')).not.toBe('FUYvVmwKjxDQAKyf7IBSfphuGcg=');
  });
});

describe('percentEncode', () => {
  it('keeps the unreserved set and encodes the rest as upper-case UTF-8 bytes', () => {
    expect(percentEncode('AZaz09-_.~')).toBe('AZaz09-_.~');
    expect(percentEncode(" *!'()/:+&=")).toBe('%20%2A%21%27%28%29%2F%3A%2B%26%3D');
    expect(percentEncode('张')).toBe('%E5%BC%A0');
  });
});
