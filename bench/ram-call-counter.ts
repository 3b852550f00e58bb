/**
 * A counting pass-through in front of a RAM endpoint (the emulator) on 127.0.0.1: every request
 * is forwarded unchanged (Host included, so signatures still verify) and counted by the action it
 * names (`x-acs-action` for V3, `Action` for V1). It also records the most calls it saw in flight
 * at once. The bench's P6 table and the API tests that count RAM calls both read it, so a figure
 * is what reached RAM, not what the console believes it sent.
 */
import { createServer, request, Agent, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RamCallCounter {
  /** host:port to give the SDK (RAM_ENDPOINT=http://…). */
  host: string;
  /** Calls per action since the last reset. */
  counts(): Record<string, number>;
  total(): number;
  /** Most calls in flight at once since the last reset. */
  peakInFlight(): number;
  reset(): void;
  close(): Promise<void>;
}

function actionOf(req: IncomingMessage): string {
  const v3 = req.headers['x-acs-action'];
  if (typeof v3 === 'string' && req.headers.authorization) return v3;
  const v1 = new URL(req.url ?? '/', 'http://x').searchParams.get('Action');
  return v1 ?? (typeof v3 === 'string' ? v3 : 'unknown');
}

export async function startRamCallCounter(targetUrl: string): Promise<RamCallCounter> {
  const target = new URL(targetUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let counts: Record<string, number> = {};
  let inFlight = 0;
  let peak = 0;
  const server: Server = createServer((req, res) => {
    // Test hooks (/__emulator/*) pass through uncounted.
    const counted = !(req.url ?? '').startsWith('/__emulator');
    if (counted) {
      const action = actionOf(req);
      counts[action] = (counts[action] ?? 0) + 1;
      inFlight++;
      peak = Math.max(peak, inFlight);
    }
    let done = false;
    const finish = () => {
      if (counted && !done) inFlight--;
      done = true;
    };
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', finish);
      },
    );
    upstream.on('error', () => {
      finish();
      // The emulator dropped the connection (a dropAfterCommit fault): do the same.
      res.destroy();
    });
    res.on('close', finish);
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
    peakInFlight: () => peak,
    reset() {
      counts = {};
      peak = inFlight;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
