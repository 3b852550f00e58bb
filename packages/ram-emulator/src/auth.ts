import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from './actions/index.js';
import type { BusinessClock } from './clock.js';
import {
  ForbiddenAccessKeyNetworkPolicy,
  IncompleteSignature,
  InvalidAccessKeyIdInactive,
  InvalidAccessKeyIdNotFound,
  InvalidSignatureMethod,
  InvalidTimeStampExpired,
  InvalidTimeStampFormat,
  MissingCommonParameter,
  MissingParameter,
  SignatureDoesNotMatch,
  SignatureNonceUsed,
} from './errors.js';
import { isoSeconds } from './ids.js';
import { compilePolicy, parsePolicy, type NetworkMatcher } from './network-policy.js';
import {
  EMPTY_BODY_SHA256,
  V3_ALGORITHM,
  parseV3Authorization,
  sha256Hex,
  v1Signature,
  v1StringToSign,
  v3HashedCanonicalRequest,
  v3Signature,
  type Params,
  type V3Input,
} from './signature/index.js';
import type { AccountSettings } from './state/account-settings.js';
import type { KeyWithOwner, Store } from './state/store.js';

/** Requests must be within 15 minutes of the server clock (both directions), nonces remembered as long. */
export const SKEW_MS = 15 * 60_000;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

export interface SignedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Per-name value lists (Node's `headersDistinct`), for duplicate signed headers. */
  headersDistinct: () => Record<string, string[]>;
  /** Query parameters, decoded. */
  query: Params;
  /** Query plus form-body parameters, decoded: what V1 signs. */
  params: Params;
  rawBody: Buffer | undefined;
  /** The caller's address, for the network policy and the last-use record. */
  sourceIp: string;
  /** The product called (`Ram`, `Ims`, `Sts`, …): recorded as the key's last-used service. */
  service: string;
}

/** A key as authentication caches it: its own policy compiled, its last recorded use. */
interface AuthKey extends KeyWithOwner {
  /** The key's own Active policy, which replaces the account's; null when it has none. */
  ownPolicy: NetworkMatcher | null;
  /** The last use written (second, service, address), so one is written per second at most. */
  usedSecond: number;
  usedService: string;
  usedIp: string;
}

/**
 * Nonces seen recently, per AccessKey. A request stays acceptable until 15 minutes after its own
 * timestamp, so its nonce is remembered until then. A Map keeps insertion order, and expiries grow
 * with it (give or take future-dated requests), so pruning only looks at the oldest few: O(1) per
 * call. Kept in memory: after a restart the timestamp window alone bounds replays. Capped so a long
 * benchmark cannot eat the heap; past the cap the oldest nonces are forgotten first.
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 500_000) {}

  /** Records the nonce; false when it was already seen and has not expired. */
  use(key: string, requestMs: number, nowMs: number): boolean {
    for (const [k, expires] of this.seen) {
      if (expires > nowMs && this.seen.size < this.maxEntries) break;
      this.seen.delete(k);
    }
    const expires = this.seen.get(key);
    if (expires !== undefined && expires > nowMs) return false;
    this.seen.delete(key);
    this.seen.set(key, Math.max(requestMs, nowMs) + SKEW_MS);
    return true;
  }

  clear(): void {
    this.seen.clear();
  }
}

const first = (v: string | string[] | undefined): string | undefined =>
  Array.isArray(v) ? v[0] : v;

/** Returns the request time in ms. */
function checkTimestamp(value: string, nowMs: number): number {
  if (!TIMESTAMP.test(value)) throw new InvalidTimeStampFormat();
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new InvalidTimeStampFormat();
  if (Math.abs(nowMs - t) > SKEW_MS) throw new InvalidTimeStampExpired();
  return t;
}

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class Authenticator {
  readonly nonces = new NonceCache();
  /** Keys by ID, valid while the store's keysVersion stays the same: no SQL on the hot path. */
  private readonly keys = new Map<string, AuthKey>();
  private keysVersion = -1;
  private lastSecond = -1;
  private lastSecondIso = '';

  /**
   * `now` is the real clock (signature timestamps and nonces: the SDK signs with real time);
   * `business` dates the key's last use.
   */
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly business: BusinessClock,
    private readonly account: AccountSettings,
  ) {}

  /**
   * Verifies the V3 or V1 signature, then the key's network policy, and returns the caller; every
   * failure throws its RAM error. Only an accepted call counts as a use of the key.
   */
  authenticate(req: SignedRequest): Caller {
    const nowDate = this.now();
    const nowMs = nowDate.getTime();
    const authorization = first(req.headers.authorization);
    const { key, nonce, requestMs } =
      authorization !== undefined
        ? this.verifyV3(req, authorization, nowMs)
        : this.verifyV1(req, nowMs);
    if (
      nonce !== undefined &&
      !this.nonces.use(key.access_key_id + '\n' + nonce, requestMs, nowMs)
    ) {
      throw new SignatureNonceUsed();
    }
    // Cheap when nothing is restricted: two null checks.
    const policy = key.ownPolicy ?? this.account.matcher;
    if (policy !== null && !policy.allows(req.sourceIp)) {
      throw new ForbiddenAccessKeyNetworkPolicy(req.sourceIp);
    }
    this.recordUse(key, this.business.at(nowDate), req.service, req.sourceIp);
    return {
      accessKeyId: key.access_key_id,
      kind: key.user_seq === null ? 'root' : 'user',
      userSeq: key.user_seq,
      userName: key.user_name,
      userId: key.user_id,
    };
  }

  /** At most one write per key per second for the same service and address. */
  private recordUse(key: AuthKey, date: Date, service: string, ip: string): void {
    const ms = date.getTime();
    const second = Math.floor(ms / 1000);
    if (second === key.usedSecond && service === key.usedService && ip === key.usedIp) return;
    if (second !== this.lastSecond) {
      this.lastSecond = second;
      this.lastSecondIso = isoSeconds(date);
    }
    this.store.touchKey(key.access_key_id, this.lastSecondIso, ms, service, ip);
    key.last_used_date = this.lastSecondIso;
    key.usedSecond = second;
    key.usedService = service;
    key.usedIp = ip;
  }

  private findKey(accessKeyId: string): AuthKey {
    if (this.keysVersion !== this.store.keysVersion) {
      this.keys.clear();
      this.keysVersion = this.store.keysVersion;
    }
    let key = this.keys.get(accessKeyId);
    if (key === undefined) {
      const row = this.store.getKeyForAuth(accessKeyId);
      // Unknown IDs are not cached: strangers must not be able to grow the map.
      if (row) {
        const ownPolicy = row.policy ? compilePolicy(parsePolicy(row.policy)) : null;
        key = { ...row, ownPolicy, usedSecond: -1, usedService: '', usedIp: '' };
        this.keys.set(accessKeyId, key);
      }
    }
    // A key in the recycle bin is not found: it cannot be used while it is there.
    if (!key) throw new InvalidAccessKeyIdNotFound();
    if (key.status !== 'Active') throw new InvalidAccessKeyIdInactive();
    return key;
  }

  private verifyV3(req: SignedRequest, authorization: string, nowMs: number) {
    if (!authorization.startsWith(V3_ALGORITHM + ' ')) throw new InvalidSignatureMethod();
    const auth = parseV3Authorization(authorization);
    if (!auth) throw new IncompleteSignature();
    // host and every x-acs-* header present must be signed, or they could be altered in flight.
    for (const name in req.headers) {
      if ((name === 'host' || name.startsWith('x-acs-')) && !auth.signedHeaders.includes(name)) {
        throw new IncompleteSignature();
      }
    }
    const date = first(req.headers['x-acs-date']);
    if (date === undefined) throw new MissingParameter('x-acs-date');
    const key = this.findKey(auth.accessKeyId);
    const requestMs = checkTimestamp(date, nowMs);
    const headers: V3Input['headers'] = {};
    for (const name of auth.signedHeaders) {
      const value = req.headers[name];
      // Node joins repeated headers with ", "; only then look at them one by one (rare).
      const values =
        typeof value === 'string' && value.includes(',') ? req.headersDistinct()[name] : undefined;
      headers[name] = values && values.length > 1 ? values : first(value);
    }
    const input: V3Input = {
      method: req.method,
      path: req.path,
      query: req.query,
      headers,
      signedHeaders: auth.signedHeaders,
      payloadHash:
        req.rawBody && req.rawBody.length > 0 ? sha256Hex(req.rawBody) : EMPTY_BODY_SHA256,
    };
    if (!sameSignature(v3Signature(input, key.access_key_secret), auth.signature)) {
      throw new SignatureDoesNotMatch(V3_ALGORITHM + '\n' + v3HashedCanonicalRequest(input));
    }
    // The nonce header is optional in V3 (the SDK always sends one).
    return { key, nonce: first(req.headers['x-acs-signature-nonce']), requestMs };
  }

  private verifyV1(req: SignedRequest, nowMs: number) {
    const p = (name: string) => {
      const value = first(req.params[name]);
      if (value === undefined || value === '') throw new MissingCommonParameter(name);
      return value;
    };
    const accessKeyId = p('AccessKeyId');
    const signature = p('Signature');
    if (p('SignatureMethod') !== 'HMAC-SHA1') throw new InvalidSignatureMethod();
    const timestamp = p('Timestamp');
    const nonce = p('SignatureNonce');
    const key = this.findKey(accessKeyId);
    const requestMs = checkTimestamp(timestamp, nowMs);
    if (!sameSignature(v1Signature(req.method, req.params, key.access_key_secret), signature)) {
      throw new SignatureDoesNotMatch(v1StringToSign(req.method, req.params));
    }
    return { key, nonce, requestMs };
  }
}
