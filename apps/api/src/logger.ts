import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Keys whose values never reach a log line, at any depth (pino's own `redact` paths cannot say
 * "any depth", so the log formatter walks the object). Secrets should never be handed to the
 * logger at all; this is the second line of defence.
 */
const SECRET_KEY = /(secret|password|passwd|ticket|cookie|authorization|csrf|token)/i;
/** `code` is also an error-code field; only values that look like a verification code go. */
const VERIFICATION_CODE = /^\d{4,8}$/;

export const REDACTED = '[Redacted]';

export function scrub(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (depth > 12 || value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1, seen));
  const source = value instanceof Error ? errorToObject(value) : (value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source)) {
    if (SECRET_KEY.test(k)) out[k] = REDACTED;
    else if (/^(code|verificationCode)$/i.test(k) && VERIFICATION_CODE.test(String(v)))
      out[k] = REDACTED;
    else out[k] = scrub(v, depth + 1, seen);
  }
  return out;
}

function errorToObject(err: Error): Record<string, unknown> {
  const o: Record<string, unknown> = { type: err.name, message: err.message, stack: err.stack };
  for (const [k, v] of Object.entries(err)) o[k] = v;
  return o;
}

interface RequestLike {
  method: string;
  url: string;
  ip?: string;
  socket?: { remoteAddress?: string };
}
interface ReplyLike {
  statusCode: number;
}

/** What an access-log line needs of Fastify's request and reply; never headers or bodies. */
export function serializeHttp(obj: Record<string, unknown>): Record<string, unknown> {
  const { req, res } = obj as { req?: Partial<RequestLike>; res?: Partial<ReplyLike> };
  if (!req && !res) return obj;
  const out = { ...obj };
  if (req && typeof req === 'object' && typeof req.method === 'string') {
    // Fastify logs the raw IncomingMessage (no `ip`): fall back to its socket.
    out.req = {
      method: req.method,
      url: typeof req.url === 'string' ? redactQuery(req.url) : req.url,
      remoteAddress: req.ip ?? req.socket?.remoteAddress,
    };
  }
  if (res && typeof res === 'object' && typeof res.statusCode === 'number') {
    out.res = { statusCode: res.statusCode };
  }
  return out;
}

/**
 * Query parameters whose values stay out of access-log URLs: the SSO callback's authorization
 * code and state (and any token a provider might append), and the usual secret-looking names.
 */
const SECRET_QUERY_KEY = /^(code|state|nonce|session_state)$|token|secret|password|ticket/i;

export function redactQuery(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawKey = eq === -1 ? pair : pair.slice(0, eq);
      let key = rawKey;
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      } catch {
        // Undecodable: judge it as written.
      }
      return eq !== -1 && SECRET_QUERY_KEY.test(key) ? `${rawKey}=${REDACTED}` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

export function createLogger(opts: { level?: string; stream?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      // Belt and braces for the well-known paths (cheap, and covers `err` before serialisation).
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'req.headers["x-csrf-token"]',
          'req.headers["x-verification-ticket"]',
          'res.headers["set-cookie"]',
        ],
        censor: REDACTED,
      },
      // pino runs this formatter before its serializers, so Fastify's request/reply objects (all
      // prototype getters) would scrub to `{}`: serialize them here first, then scrub.
      formatters: { log: (obj) => scrub(serializeHttp(obj)) as Record<string, unknown> },
    },
    opts.stream,
  );
}
