import { InvalidValue } from './errors.js';

/**
 * AccessKey network access restriction policies (IMS SetAccessKeyPolicy and the account-level
 * pair): parse and validate the JSON document, and compile it once into a matcher that the
 * authenticator runs on every signed call. Facts: reference/ims-api.md §4.
 */

export type PolicyStatus = 'Active' | 'Inactive';
export interface PolicyStatement {
  Type: 'ClassicWhiteList' | 'VPCWhiteList';
  /** VPCWhiteList only: a VPC ID or `AllowAllVPC`. */
  Value?: string;
  IPList: string[];
}
export interface AccessKeyPolicy {
  Version: 1;
  Status: PolicyStatus;
  Statements: PolicyStatement[];
}

/** GetAccountSummary's ConditionsPerAKPolicyQuota and IPItemsPerAKPolicyQuota. */
export const MAX_STATEMENTS = 8;
export const MAX_IP_ITEMS = 50;

const invalid = (detail: string) => new InvalidValue('AccessKeyPolicy', detail);

// An address or CIDR block as numbers: IPv4 in 32 bits, IPv6 in 128 (bigint).
interface V4Range {
  v: 4;
  network: number;
  mask: number;
}
interface V6Range {
  v: 6;
  network: bigint;
  mask: bigint;
}
type Range = V4Range | V6Range;

function parseV4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

const V6_ALL = (1n << 128n) - 1n;

function parseV6(text: string): bigint | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
  let body = text;
  const tail: number[] = []; // a trailing dotted IPv4 part, as two 16-bit groups
  if (text.includes('.')) {
    const at = text.lastIndexOf(':');
    const v4 = parseV4(text.slice(at + 1));
    if (v4 === undefined) return undefined;
    tail.push(v4 >>> 16, v4 & 0xffff);
    body = text.slice(0, at + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groupsOf(halves[0]!);
  const right = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if ([...left, ...right].some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
  const count = left.length + right.length + tail.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const zeros = Array<number>(8 - count).fill(0);
  const groups = [
    ...left.map((g) => parseInt(g, 16)),
    ...zeros,
    ...right.map((g) => parseInt(g, 16)),
    ...tail,
  ];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

function v4Mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** `203.0.113.7`, `198.51.100.0/24`, `2001:db8::/32`; undefined when not one of those. */
export function parseRange(text: string): Range | undefined {
  const [address, prefix, extra] = text.trim().split('/');
  if (address === undefined || extra !== undefined) return undefined;
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return undefined;
  const v4 = parseV4(address);
  if (v4 !== undefined) {
    const bits = prefix === undefined ? 32 : Number(prefix);
    if (bits > 32) return undefined;
    const mask = v4Mask(bits);
    return { v: 4, network: (v4 & mask) >>> 0, mask };
  }
  const v6 = parseV6(address);
  if (v6 === undefined) return undefined;
  const bits = prefix === undefined ? 128 : Number(prefix);
  if (bits > 128) return undefined;
  const mask = bits === 0 ? 0n : (V6_ALL << BigInt(128 - bits)) & V6_ALL;
  return { v: 6, network: v6 & mask, mask };
}

/** A socket's remote address as a number (IPv4-mapped IPv6 counts as IPv4). */
export function parseSourceIp(address: string): { v: 4; n: number } | { v: 6; n: bigint } | null {
  const plain = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  const v4 = parseV4(plain);
  if (v4 !== undefined) return { v: 4, n: v4 };
  const v6 = parseV6(plain);
  return v6 === undefined ? null : { v: 6, n: v6 };
}

/** The address a caller is shown under: IPv4-mapped IPv6 loses its `::ffff:` prefix. */
export function displayIp(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** Parses and validates a policy document as SetAccessKeyPolicy receives it. */
export function parsePolicy(raw: string): AccessKeyPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    throw invalid('not a JSON document');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw invalid('not a JSON object');
  const d = doc as Record<string, unknown>;
  // Version is server-managed: optional on input, always 1 on output.
  if (d.Version !== undefined && d.Version !== 1 && d.Version !== '1')
    throw invalid('Version must be 1');
  if (d.Status !== 'Active' && d.Status !== 'Inactive')
    throw invalid('Status must be Active or Inactive');
  if (!Array.isArray(d.Statements)) throw invalid('Statements must be an array');
  if (d.Statements.length > MAX_STATEMENTS)
    throw invalid(`at most ${MAX_STATEMENTS} statements are allowed`);
  let items = 0;
  const statements = d.Statements.map((s: unknown, i): PolicyStatement => {
    if (!s || typeof s !== 'object') throw invalid(`Statements[${i}] must be an object`);
    const st = s as Record<string, unknown>;
    if (st.Type !== 'ClassicWhiteList' && st.Type !== 'VPCWhiteList')
      throw invalid(`Statements[${i}].Type must be ClassicWhiteList or VPCWhiteList`);
    if (!Array.isArray(st.IPList) || st.IPList.some((ip) => typeof ip !== 'string'))
      throw invalid(`Statements[${i}].IPList must be an array of strings`);
    const ipList = st.IPList as string[];
    for (const ip of ipList) {
      if (!parseRange(ip)) throw invalid(`"${ip}" is not an IP address or CIDR block`);
    }
    items += ipList.length;
    if (st.Type === 'VPCWhiteList') {
      if (typeof st.Value !== 'string' || !/^(?:vpc-[0-9a-z]{1,64}|AllowAllVPC)$/.test(st.Value))
        throw invalid(`Statements[${i}].Value must be a VPC ID or AllowAllVPC`);
      return { Type: 'VPCWhiteList', Value: st.Value, IPList: ipList.map((ip) => ip.trim()) };
    }
    return { Type: 'ClassicWhiteList', IPList: ipList.map((ip) => ip.trim()) };
  });
  if (items > MAX_IP_ITEMS) throw invalid(`at most ${MAX_IP_ITEMS} IP addresses are allowed`);
  return { Version: 1, Status: d.Status, Statements: statements };
}

/** What GetAccessKeyPolicy returns: Version first, as RAM writes it. */
export function serializePolicy(policy: AccessKeyPolicy | null): string {
  return policy === null ? '{}' : JSON.stringify(policy);
}

/**
 * A compiled policy decides from a source address alone. Only ClassicWhiteList entries can match:
 * the emulator is reached over plain networks, never from a VPC.
 */
export interface NetworkMatcher {
  allows(address: string): boolean;
}

/** Null when the policy restricts nothing (absent or Inactive). */
export function compilePolicy(policy: AccessKeyPolicy | null): NetworkMatcher | null {
  if (policy === null || policy.Status !== 'Active') return null;
  const v4: V4Range[] = [];
  const v6: V6Range[] = [];
  for (const st of policy.Statements) {
    if (st.Type !== 'ClassicWhiteList') continue;
    for (const ip of st.IPList) {
      const r = parseRange(ip)!;
      if (r.v === 4) v4.push(r);
      else v6.push(r);
    }
  }
  const seen = new Map<string, boolean>();
  return {
    allows(address) {
      // Callers repeat their address: remember the last few verdicts.
      const known = seen.get(address);
      if (known !== undefined) return known;
      const ip = parseSourceIp(address);
      let ok = false;
      if (ip?.v === 4) ok = v4.some((r) => (ip.n & r.mask) >>> 0 === r.network);
      else if (ip?.v === 6) ok = v6.some((r) => (ip.n & r.mask) === r.network);
      if (seen.size >= 64) seen.clear();
      seen.set(address, ok);
      return ok;
    },
  };
}
