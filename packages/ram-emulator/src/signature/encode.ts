/**
 * RFC 3986 percent-encoding as both Alibaba signature schemes define it: keep `A-Z a-z 0-9 - _ . ~`,
 * encode every other UTF-8 byte as upper-case `%XY` (space → `%20`, `*` → `%2A`).
 * encodeURIComponent leaves `! ' ( ) *` alone, so those five are fixed up afterwards.
 */
const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;

export function percentEncode(value: string): string {
  // Most names and values need no encoding at all: skip the encoder for them (hot path).
  if (UNRESERVED_ONLY.test(value)) return value;
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/** Request parameters after URL decoding: a name may repeat (the values keep their order). */
export type Params = Record<string, string | string[]>;

/** `name=value` pairs sorted by name (then value), both percent-encoded, joined with `&`. */
export function canonicalQuery(params: Params, exclude?: string): string {
  const pairs: Array<[string, string]> = [];
  for (const name of Object.keys(params)) {
    if (name === exclude) continue;
    const value = params[name];
    if (Array.isArray(value)) for (const v of value) pairs.push([name, v]);
    else if (value !== undefined) pairs.push([name, value]);
  }
  pairs.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
  let out = '';
  for (const [name, value] of pairs) {
    if (out) out += '&';
    out += percentEncode(name) + '=' + percentEncode(value);
  }
  return out;
}

// Code-unit order, like the SDKs' sort(); localeCompare would be wrong for mixed case.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
