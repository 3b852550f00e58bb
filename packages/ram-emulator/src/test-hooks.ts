import type { FastifyInstance } from 'fastify';
import { normalizePhone } from './actions/sms.js';
import { parseFault, type FaultPlan } from './faults.js';
import type { Store } from './state/store.js';

export interface TestHookOptions {
  store: Store;
  faults: FaultPlan;
  resetState: () => void;
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
  const { store, faults, resetState } = opts;

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
}
