/**
 * The two servers the benchmark compares, built from the compiled emulator (what production runs).
 * Runs as a worker thread (each server in its own, like the CLI in its own process) or in-process.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { buildEmulator } from '../dist/index.js';

export interface ServerInfo {
  port: number;
  rootCredentials: { accessKeyId: string; accessKeySecret: string };
}

/** A fixed, valid ListAccessKeys body, answered without parsing or checking anything. */
const NOOP_BODY = JSON.stringify({
  RequestId: '04F0F334-1335-436C-A1D7-6C044FE73368',
  AccessKeys: {
    AccessKey: [
      {
        AccessKeyId: 'LTAI5tAAAAAAAAAAAAAAAAAA',
        Status: 'Active',
        CreateDate: '2026-01-01T00:00:00Z',
      },
      {
        AccessKeyId: 'LTAI5tBBBBBBBBBBBBBBBBBB',
        Status: 'Active',
        CreateDate: '2026-01-01T00:00:00Z',
      },
    ],
  },
});

export async function startServer(
  kind: 'emulator' | 'noop',
  options: { dbPath: string; maxUsers: number },
): Promise<{ info: ServerInfo; close: () => Promise<void> }> {
  let app: FastifyInstance;
  if (kind === 'emulator') {
    app = await buildEmulator({ dbPath: options.dbPath, maxUsers: options.maxUsers });
  } else {
    app = Fastify();
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_req, _payload, done) => done(null));
    app.route({
      method: ['GET', 'POST'],
      url: '/',
      handler: (_req, reply) => {
        reply.header('content-type', 'application/json;charset=utf-8').send(NOOP_BODY);
      },
    });
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const rootCredentials =
    kind === 'emulator'
      ? app.emulator.rootCredentials
      : { accessKeyId: 'LTAI5tNoopNoopNoopNoopNo', accessKeySecret: 'x'.repeat(30) };
  return { info: { port, rootCredentials }, close: () => app.close() };
}

// As a worker: start the server named in workerData, report its port, close when told.
if (parentPort && workerData?.kind) {
  const port = parentPort;
  const server = await startServer(workerData.kind, workerData.options);
  port.postMessage(server.info);
  port.once('message', () => {
    void server.close().then(() => port.close());
  });
}
