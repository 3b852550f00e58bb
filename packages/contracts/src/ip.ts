/**
 * IPv4/IPv6 addresses and CIDR blocks, as network access restriction policies list them. Pure, so
 * the form checks what the API checks, and the API's dry run matches addresses the same way.
 */

type Range = { v: 4; network: number; mask: number } | { v: 6; network: bigint; mask: bigint };

function parseV4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
  let body = text;
  const tail: number[] = [];
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
  const groups = [
    ...left.map((g) => parseInt(g, 16)),
    ...Array<number>(8 - count).fill(0),
    ...right.map((g) => parseInt(g, 16)),
    ...tail,
  ];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

const V6_ALL = (1n << 128n) - 1n;

/** `203.0.113.7`, `198.51.100.0/24`, `2001:db8::/32`; undefined when not one of those. */
export function parseIpRange(text: string): Range | undefined {
  const [address, prefix, extra] = text.trim().split('/');
  if (!address || extra !== undefined) return undefined;
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return undefined;
  const v4 = parseV4(address);
  if (v4 !== undefined) {
    const bits = prefix === undefined ? 32 : Number(prefix);
    if (bits > 32) return undefined;
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return { v: 4, network: (v4 & mask) >>> 0, mask };
  }
  const v6 = parseV6(address);
  if (v6 === undefined) return undefined;
  const bits = prefix === undefined ? 128 : Number(prefix);
  if (bits > 128) return undefined;
  const mask = bits === 0 ? 0n : (V6_ALL << BigInt(128 - bits)) & V6_ALL;
  return { v: 6, network: v6 & mask, mask };
}

export const isIpOrCidr = (text: string): boolean => parseIpRange(text) !== undefined;

/** Whether `address` (a single IP; IPv4-mapped IPv6 counts as IPv4) falls in any of `ranges`. */
export function ipAllowed(address: string, ranges: readonly string[]): boolean {
  const plain = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  const ip = parseIpRange(plain);
  if (!ip) return false;
  return ranges.some((text) => {
    const r = parseIpRange(text);
    if (!r || r.v !== ip.v) return false;
    return r.v === 4
      ? ((ip.network as number) & r.mask) >>> 0 === r.network
      : ((ip.network as bigint) & r.mask) === r.network;
  });
}
