/**
 * A closed-loop HTTP load generator in a worker thread that lives for the whole bench step (H1):
 * `connections` keep-alive connections, each sending its next GET as soon as the last answer has
 * arrived, for `seconds`. Unlike autocannon's workers mode, which starts a new thread per run, no
 * start-up lands inside the measured window, and the bench's main thread is left to the proxy.
 */
import { Agent, request } from 'node:http';
import { parentPort } from 'node:worker_threads';

export interface LoadRequest {
  url: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}

export interface LoadResult {
  /** 2xx answers. */
  ok: number;
  /** Other statuses and connection errors. */
  failed: number;
  seconds: number;
}

function get(url: URL, headers: Record<string, string>, agent: Agent): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

async function run(m: LoadRequest): Promise<LoadResult> {
  const url = new URL(m.url);
  const agent = new Agent({ keepAlive: true, maxSockets: m.connections });
  let ok = 0;
  let failed = 0;
  const t0 = performance.now();
  const end = t0 + m.seconds * 1000;
  await Promise.all(
    Array.from({ length: m.connections }, async () => {
      while (performance.now() < end) {
        const status = await get(url, m.headers, agent);
        if (status >= 200 && status < 300) ok++;
        else failed++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return { ok, failed, seconds };
}

parentPort?.on('message', (m: LoadRequest) => {
  void run(m).then((r) => parentPort!.postMessage(r));
});
