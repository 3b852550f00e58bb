import type { FastifyInstance } from 'fastify';
import { normalizePhone } from './actions/sms.js';
import { DAY_MS, type BusinessClock } from './clock.js';
import { parseFault, type FaultPlan } from './faults.js';
import { isoSeconds } from './ids.js';
import type { DailyMaintenance } from './maintenance.js';
import { parseSourceIp } from './network-policy.js';
import type { Store } from './state/store.js';

export interface TestHookOptions {
  store: Store;
  faults: FaultPlan;
  clock: BusinessClock;
  maintenance: DailyMaintenance;
  resetState: () => void;
}

/** At most ten years per move: enough for any bin or idle rule, small enough to stay a date. */
const MAX_ADVANCE_MS = 3650 * DAY_MS;

/** Validates a `POST /__emulator/clock` body; returns an error message or the milliseconds. */
function parseAdvance(body: unknown): number | string {
  if (!body || typeof body !== 'object') return 'body must be a JSON object';
  const { advanceMs, advanceDays } = body as { advanceMs?: unknown; advanceDays?: unknown };
  if ((advanceMs === undefined) === (advanceDays === undefined))
    return 'give exactly one of advanceMs and advanceDays';
  const ms = advanceDays !== undefined ? Number(advanceDays) * DAY_MS : Number(advanceMs);
  const given = advanceDays ?? advanceMs;
  if (typeof given !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > MAX_ADVANCE_MS)
    return 'the clock moves forward only, by a whole number of ms (at most ten years)';
  return ms;
}

interface UsageInput {
  accessKeyId: string;
  serviceName: string;
  ip: string;
  at: Date | undefined;
}

/** Validates a `POST /__emulator/access-key-usage` body. */
function parseUsage(body: unknown): UsageInput | string {
  if (!body || typeof body !== 'object') return 'body must be a JSON object';
  const b = body as Record<string, unknown>;
  if (typeof b.accessKeyId !== 'string' || !/^[A-Za-z0-9]{1,64}$/.test(b.accessKeyId))
    return 'accessKeyId must be an AccessKey ID';
  if (typeof b.serviceName !== 'string' || !/^[A-Z][A-Za-z0-9-]{0,31}$/.test(b.serviceName))
    return 'serviceName must be a product code such as Ecs';
  if (typeof b.ip !== 'string' || !parseSourceIp(b.ip)) return 'ip must be an IPv4 or IPv6 address';
  const at = b.at === undefined ? undefined : new Date(String(b.at));
  if (at !== undefined && Number.isNaN(at.getTime())) return 'at must be an ISO-8601 time';
  return { accessKeyId: b.accessKeyId, serviceName: b.serviceName, ip: b.ip, at };
}

/** 127.0.0.0/8 and ::1, also in their IPv4-mapped IPv6 form. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/**
 * DNS rebinding: a web page on another site can re-point its own name at 127.0.0.1 and call this
 * port from the browser, but its requests still carry that name in Host. Only `localhost` or a
 * loopback address with this server's own port passes (any port when not on a socket: inject).
 */
export function namesThisLoopbackServer(host: string | undefined, localPort: number | undefined) {
  if (!host) return false;
  let url: URL;
  try {
    url = new URL(`http://${host}`);
  } catch {
    return false;
  }
  if (url.username || url.password || url.pathname !== '/') return false;
  const name = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (name !== 'localhost' && !isLoopback(name)) return false;
  return localPort === undefined || (url.port || '80') === String(localPort);
}

function parseJson(body: unknown): unknown {
  if (!Buffer.isBuffer(body) || body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * `/__emulator/*`: what tests and the demo need to see and steer, never reachable from another host.
 * Bodies here are plain JSON, not RAM-shaped.
 */
export async function registerTestHooks(
  app: FastifyInstance,
  opts: TestHookOptions,
): Promise<void> {
  const { store, faults, clock, maintenance, resetState } = opts;

  app.addHook('onRequest', async (req, reply) => {
    if (!isLoopback(req.socket.remoteAddress)) {
      return reply.code(403).send({ error: 'test hooks answer loopback callers only' });
    }
    if (!namesThisLoopbackServer(req.headers.host, req.socket.localPort)) {
      return reply
        .code(403)
        .send({ error: 'test hooks answer only to a loopback Host with this port' });
    }
  });
  // Plain JSON errors here (the root error handler would answer in RAM's shape).
  app.setErrorHandler((error, _req, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    const clientError = status >= 400 && status < 500;
    const message = clientError && error instanceof Error ? error.message : 'internal error';
    return reply.code(clientError ? status : 500).send({ error: message });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: 'no such test hook' }));

  app.get<{ Querystring: { phone?: string } }>('/sms', async (req) => {
    const raw = req.query.phone;
    const phone = raw === undefined || raw === '' ? undefined : (normalizePhone(raw) ?? raw.trim());
    return {
      messages: store.listSms(phone).map((m) => ({
        phone: m.phone,
        signName: m.sign_name,
        templateCode: m.template_code,
        templateParam:
          m.template_param === null
            ? null
            : (JSON.parse(m.template_param) as Record<string, unknown>),
        sentAt: new Date(m.sent_at).toISOString(),
        bizId: m.biz_id,
      })),
    };
  });

  app.post('/reset', async (_req, reply) => {
    resetState();
    return reply.code(204).send();
  });

  app.get('/faults', async () => ({ faults: faults.list() }));

  app.post('/faults', async (req, reply) => {
    const fault = parseFault(parseJson(req.body));
    if (typeof fault === 'string') return reply.code(400).send({ error: fault });
    faults.set(fault);
    return { faults: faults.list() };
  });

  app.delete('/faults', async (_req, reply) => {
    faults.clear();
    return reply.code(204).send();
  });

  // The business clock (clock.ts): forward only; signatures keep checking real time.
  const clockBody = () => ({ now: clock.now().toISOString(), offsetMs: clock.offset });
  app.get('/clock', async () => clockBody());
  app.post('/clock', async (req, reply) => {
    const ms = parseAdvance(parseJson(req.body));
    if (typeof ms === 'string') return reply.code(400).send({ error: ms });
    clock.advance(ms);
    maintenance.tick(clock.now()); // idle keys and expired bin entries, as RAM's daily run
    return clockBody();
  });

  // A use of a key from elsewhere (another service, another address), as ActionTrail would have
  // it: for demos and tests of "where was this key used". LastUsedDate moves only forward.
  app.post('/access-key-usage', async (req, reply) => {
    const usage = parseUsage(parseJson(req.body));
    if (typeof usage === 'string') return reply.code(400).send({ error: usage });
    const key = store.getAnyKey(usage.accessKeyId);
    if (!key) return reply.code(404).send({ error: 'no such AccessKey' });
    const at = usage.at ?? clock.now();
    const date = isoSeconds(at);
    if (key.last_used_date === null || date >= key.last_used_date) {
      store.touchKey(key.access_key_id, date, at.getTime(), usage.serviceName, usage.ip);
    } else {
      store.recordUsageOnly(key.access_key_id, at.getTime(), usage.serviceName, usage.ip);
    }
    return reply.code(204).send();
  });
}
