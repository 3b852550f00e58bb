import { describe, expect, it } from 'vitest';
import {
  CsvCellRefused,
  accountAccessKeyCsv,
  credentialReportCsv,
  neutraliseCell,
  toCsv,
  userAccessKeyCsv,
} from './csv.js';

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

describe('formula injection (OWASP): one rule for every export', () => {
  const hostile = [
    '=1+1',
    '+1',
    '-1+1',
    '@SUM(A1)',
    '\tTAB',
    '\rCR',
    '=HYPERLINK("http://x","y")',
    // after spaces an import may trim, and full-width forms a spreadsheet may fold to ASCII
    ' =1+1',
    '  @SUM(A1)',
    '\n=1+1',
    '\u3000=1+1',
    '\uFF1D1+1',
    '\uFF0B1',
    '\uFF0D1',
    '\uFF20SUM(A1)',
  ];

  it('prefixes a text cell that starts with = + - @ tab or CR (also full-width, or after spaces) with a single quote', () => {
    for (const cell of hostile) expect(neutraliseCell(cell)).toBe(`'${cell}`);
    for (const cell of ['plain', ' spaced = fine', 'a=b', "'already", '', '1-2', '全角＝中间'])
      expect(neutraliseCell(cell)).toBe(cell);
    // A number is a number: -3 is written as it is.
    expect(neutraliseCell(-3)).toBe('-3');
    expect(neutraliseCell(null)).toBe('');
  });

  it('neutralises before quoting, so a quoted cell cannot smuggle a formula either', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        ['=cmd|" /C calc"!A0', '-x,y'],
        [1, null],
      ],
    );
    expect(csv).toBe('\uFEFFa,b\r\n"\'=cmd|"" /C calc""!A0","\'-x,y"\r\n1,\r\n');
    // The header goes through the same rule.
    expect(toCsv(['@h'], [])).toBe("\uFEFF'@h\r\n");
  });

  it('credential report cells are neutralised', () => {
    const csv = credentialReportCsv(['user', 'description'], [['@evil', '+SUM(1)']]);
    expect(csv).toBe("\uFEFFuser,description\r\n'@evil,'+SUM(1)\r\n");
  });

  it('never alters an AccessKey ID or secret: a formula-like one is refused, not mangled', () => {
    for (const bad of hostile) {
      expect(() => accountAccessKeyCsv({ accessKeyId: 'LTAI1', accessKeySecret: bad })).toThrow(
        CsvCellRefused,
      );
      expect(() => accountAccessKeyCsv({ accessKeyId: bad, accessKeySecret: 's' })).toThrow(
        CsvCellRefused,
      );
      expect(() =>
        userAccessKeyCsv('alice@x.onaliyun.com', { accessKeyId: 'LTAI1', accessKeySecret: bad }),
      ).toThrow(/AccessKey Secret starts with a character a spreadsheet runs/);
    }
  });

  it('neutralises a user principal name that starts like a formula (RAM allows a leading "-")', () => {
    const csv = userAccessKeyCsv('-x@acme.onaliyun.com', {
      accessKeyId: 'LTAI1',
      accessKeySecret: 's',
    });
    expect(csv).toBe(
      "\uFEFFUserPrincipalName,AccessKeyId,AccessKeySecret\r\n'-x@acme.onaliyun.com,LTAI1,s\r\n",
    );
  });
});
