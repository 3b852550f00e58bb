import { isIP } from 'node:net';

/** `localhost`, 127.0.0.0/8 and ::1 (bracketed or not, also IPv4-mapped): names that never leave the machine. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (h === 'localhost') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return h === '::1' || h === '0:0:0:0:0:0:0:1';
}

/**
 * PUBLIC_URL: the origin operators type in the browser. Only an origin (a `/` path at most), http
 * or https, and plain http only on a loopback name. Returns the normalised origin or a problem.
 */
export function parsePublicUrl(value: string): { origin: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'must be a URL such as https://console.example.com' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { problem: 'must start with https:// (or http:// on loopback)' };
  }
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    return { problem: 'must be an origin only (scheme, host, optional port), with no path' };
  }
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    return {
      problem: `plain http is allowed only on loopback (localhost, 127.0.0.1, [::1]); serve ${url.host} over https (a TLS-terminating proxy) and set https://${url.host}`,
    };
  }
  return { origin: url.origin };
}

/** Names proxy-addr (Fastify's trustProxy) knows besides addresses. */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY, as Fastify 5.12's `trustProxy` honours it: `false`, or the proxies' addresses,
 * CIDRs or proxy-addr names separated by commas. Refused: `true` (trust whoever connects) and a
 * hop count (Fastify now ignores one: it cannot tell a proxy from a client that connects directly
 * and sends its own X-Forwarded-For, so it would silently trust nothing).
 */
export function parseTrustProxy(value: string): { trust: false | string[] } | { problem: string } {
  const v = value.trim().toLowerCase();
  if (v === 'false' || v === '0') return { trust: false };
  const list =
    'the addresses or CIDRs of the proxies in front of the console, e.g. 10.0.0.5,10.1.0.0/16 or loopback';
  if (v === 'true') {
    return {
      problem: `"true" would take X-Forwarded-For from anyone who connects (forged client IPs defeat the rate limits and the audit trail); give ${list}`,
    };
  }
  if (/^\d+$/.test(v)) {
    return {
      problem: `a hop count cannot tell a proxy from a client that connects directly with its own X-Forwarded-For (Fastify ignores one); give ${list}`,
    };
  }
  const entries = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !PROXY_NAMES.has(e) && !isAddressOrCidr(e));
  if (entries.length === 0 || bad.length) {
    return {
      problem: `not an address, CIDR or proxy name: ${bad.join(', ') || value}; use false or ${list}`,
    };
  }
  return { trust: entries };
}

function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, ...more] = entry.split('/');
  const family = isIP(address);
  if (!family || more.length) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
