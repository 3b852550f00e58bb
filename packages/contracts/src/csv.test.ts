import { describe, expect, it } from 'vitest';
import { accountAccessKeyCsv, userAccessKeyCsv } from './csv.js';

describe('AccessKey CSV', () => {
  it('writes the account layout with BOM and CRLF', () => {
    const csv = accountAccessKeyCsv({
      accessKeyId: 'LTAI5tAAAAAAAAAAAAAAAAAA',
      accessKeySecret: 'S3cr3t',
    });
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv).toBe('\uFEFFAccessKey ID,AccessKey Secret\r\nLTAI5tAAAAAAAAAAAAAAAAAA,S3cr3t\r\n');
  });

  it('writes the RAM user layout and quotes fields that need it', () => {
    const csv = userAccessKeyCsv('a,"b"@x.onaliyun.com', {
      accessKeyId: 'LTAI1',
      accessKeySecret: 's',
    });
    expect(csv).toBe(
      '\uFEFFUserPrincipalName,AccessKeyId,AccessKeySecret\r\n"a,""b""@x.onaliyun.com",LTAI1,s\r\n',
    );
  });
});
