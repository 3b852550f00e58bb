import { describe, expect, it } from 'vitest';
import { aliyunCliProfile } from './cli-profile.js';

describe('aliyun CLI profile', () => {
  it('writes one AK-mode profile named after the RAM user, as `aliyun configure` stores it', () => {
    const json = aliyunCliProfile(
      { accessKeyId: 'LTAI5tAAAAAAAAAAAAAAAAAA', accessKeySecret: 'S3cr3t"x' },
      { profileName: 'alice' },
    );
    expect(json).toBe(
      [
        '{',
        '  "current": "alice",',
        '  "profiles": [',
        '    {',
        '      "name": "alice",',
        '      "mode": "AK",',
        '      "access_key_id": "LTAI5tAAAAAAAAAAAAAAAAAA",',
        '      "access_key_secret": "S3cr3t\\"x",',
        '      "region_id": "cn-hangzhou",',
        '      "output_format": "json",',
        '      "language": "en"',
        '    }',
        '  ],',
        '  "meta_path": ""',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('names the account key profile "default"', () => {
    const parsed = JSON.parse(aliyunCliProfile({ accessKeyId: 'LTAI1', accessKeySecret: 's' }));
    expect(parsed.current).toBe('default');
    expect(parsed.profiles[0].name).toBe('default');
  });
});
