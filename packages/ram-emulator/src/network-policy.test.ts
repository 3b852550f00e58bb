import { describe, expect, it } from 'vitest';
import {
  compilePolicy,
  parsePolicy,
  parseRange,
  parseSourceIp,
  serializePolicy,
} from './network-policy.js';

const policy = (status: string, ...ipLists: string[][]) =>
  parsePolicy(
    JSON.stringify({
      Status: status,
      Statements: ipLists.map((IPList) => ({ Type: 'ClassicWhiteList', IPList })),
    }),
  );

describe('network policy documents', () => {
  it('parses IPv4, IPv6 and CIDR entries and rejects the rest', () => {
    for (const ok of [
      '203.0.113.7',
      '198.51.100.0/24',
      '0.0.0.0/0',
      '::/0',
      '2001:db8::/32',
      '::1',
      '::ffff:10.0.0.1',
      '1:2:3:4:5:6:7:8',
      'fe80::1:2',
    ])
      expect(parseRange(ok), ok).toBeDefined();
    for (const bad of [
      '256.1.1.1',
      '1.2.3',
      '1.2.3.4/33',
      '1.2.3.4/',
      '2001:db8::/129',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      'example.com',
      '',
      '1.2.3.4/24/1',
      '01.2.3.4.5',
    ])
      expect(parseRange(bad), bad).toBeUndefined();
  });

  it('normalises a document: Version 1 first, optional on input; "{}" and bad shapes refused', () => {
    const p = parsePolicy(
      '{"Statements":[{"Type":"ClassicWhiteList","IPList":["10.0.0.0/8"]}],"Status":"Active"}',
    );
    expect(serializePolicy(p)).toBe(
      '{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["10.0.0.0/8"]}]}',
    );
    expect(serializePolicy(null)).toBe('{}');
    for (const bad of [
      '{}',
      'not json',
      '[]',
      '{"Status":"Active"}',
      '{"Status":"On","Statements":[]}',
      '{"Version":2,"Status":"Active","Statements":[]}',
      '{"Status":"Active","Statements":[{"Type":"Other","IPList":[]}]}',
      '{"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["nope"]}]}',
      '{"Status":"Active","Statements":[{"Type":"VPCWhiteList","IPList":["10.0.0.0/8"]}]}',
    ])
      expect(() => parsePolicy(bad), bad).toThrow(/AccessKeyPolicy/);
    const ips = Array.from({ length: 51 }, (_, i) => `10.0.0.${i}`);
    expect(() => policy('Active', ips)).toThrow(/at most 50/);
    expect(() => policy('Active', ...Array.from({ length: 9 }, () => ['10.0.0.1']))).toThrow(
      /at most 8/,
    );
  });

  it('matches source addresses against ClassicWhiteList entries only, when Active', () => {
    const m = compilePolicy(policy('Active', ['198.51.100.0/24', '2001:db8::/32'], ['127.0.0.1']))!;
    expect(m.allows('198.51.100.200')).toBe(true);
    expect(m.allows('198.51.101.1')).toBe(false);
    expect(m.allows('127.0.0.1')).toBe(true);
    expect(m.allows('::ffff:127.0.0.1')).toBe(true); // an IPv4-mapped caller counts as IPv4
    expect(m.allows('127.0.0.2')).toBe(false);
    expect(m.allows('2001:db8:1::5')).toBe(true);
    expect(m.allows('2001:db9::1')).toBe(false);
    expect(m.allows('::1')).toBe(false);
    expect(m.allows('garbage')).toBe(false);
    // Asked twice: the remembered verdict is the same.
    expect(m.allows('198.51.101.1')).toBe(false);

    expect(compilePolicy(policy('Inactive', ['10.0.0.1']))).toBeNull();
    expect(compilePolicy(null)).toBeNull();
    const vpcOnly = parsePolicy(
      '{"Status":"Active","Statements":[{"Type":"VPCWhiteList","Value":"AllowAllVPC","IPList":["0.0.0.0/0"]}]}',
    );
    expect(compilePolicy(vpcOnly)!.allows('127.0.0.1')).toBe(false);
    expect(compilePolicy(policy('Active'))!.allows('127.0.0.1')).toBe(false);
    expect(compilePolicy(policy('Active', ['0.0.0.0/0', '::/0']))!.allows('::1')).toBe(true);
  });

  it('reads socket addresses', () => {
    expect(parseSourceIp('127.0.0.1')).toEqual({ v: 4, n: 0x7f000001 });
    expect(parseSourceIp('::ffff:127.0.0.1')).toEqual({ v: 4, n: 0x7f000001 });
    expect(parseSourceIp('::1')).toEqual({ v: 6, n: 1n });
    expect(parseSourceIp('nonsense')).toBeNull();
  });
});
