/**
 * SDK calls/s against the emulator vs a do-nothing local server, in the same run.
 *
 *   npm run bench:emulator [-- --calls 15000 --chunk 250 --concurrency 16 --users 1000 --v1 --in-process
 *                              --network-policy]
 *
 * Both servers listen on 127.0.0.1 and are driven by the same official RAM SDK client code (V3
 * signing by default, ListAccessKeys for one user). The do-nothing server answers a valid-shaped
 * body without parsing or checking anything, so the ratio shows what the emulator costs next to
 * the SDK itself. Target: ratio >= 0.8.
 *
 * By default each server runs in its own worker thread, as the emulator runs in its own process
 * behind the CLI; `--in-process` puts both servers on the client's event loop instead, which
 * charges every microsecond of server work to the client (a harsher, noisier number).
 * `--network-policy` first gives the account an Active network access restriction policy (which
 * allows loopback), so every call pays for the check.
 */
import RamSdk from '@alicloud/ram20150501';
import OpenApi from '@alicloud/openapi-core';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { startServer, type ServerInfo } from './servers.js';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '15000' },
    chunk: { type: 'string', default: '250' },
    concurrency: { type: 'string', default: '16' },
    users: { type: 'string', default: '1000' },
    db: { type: 'string', default: ':memory:' },
    v1: { type: 'boolean', default: false },
    'in-process': { type: 'boolean', default: false },
    'network-policy': { type: 'boolean', default: false },
  },
});
const calls = Math.min(Number(values.calls), 1_000_000);
const chunk = Math.max(Math.min(Number(values.chunk), calls), 16);
const pairs = Math.max(Math.floor(calls / chunk), 2);
const concurrency = Math.min(Number(values.concurrency), 256);
const users = Math.min(Number(values.users), 100_000);
const mode = values.v1 ? 'v1' : 'v3';
const inProcess = values['in-process'];

type Client = InstanceType<typeof RamSdk.default>;
const client = (port: number, accessKeyId: string, accessKeySecret: string): Client =>
  new RamSdk.default(
    new OpenApi.$OpenApiUtil.Config({
      accessKeyId,
      accessKeySecret,
      endpoint: `127.0.0.1:${port}`,
      protocol: 'http',
      ...(values.v1 ? { signatureAlgorithm: 'v2' } : {}),
    }),
  );

/** Runs exactly `total` calls with `concurrency` in flight; returns calls per second. */
async function measure(c: Client, total: number): Promise<number> {
  let started = 0;
  const request = new RamSdk.ListAccessKeysRequest({ userName: 'bench-user' });
  const worker = async () => {
    while (started < total) {
      started++;
      const res = await c.listAccessKeys(request);
      if (res.body?.accessKeys?.accessKey?.length !== 2) throw new Error('unexpected response');
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - t0) / 1000);
}

/** Starts a server in its own worker thread (default) or in this process. */
async function server(kind: 'emulator' | 'noop') {
  const options = { dbPath: values.db, maxUsers: users + 10 };
  if (inProcess) {
    const s = await startServer(kind, options);
    return { ...s.info, close: s.close };
  }
  // Node 20 workers do not inherit the TypeScript loader: register tsx first, then load servers.ts.
  const entry = new URL('./servers.ts', import.meta.url).href;
  const worker = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
    { eval: true, workerData: { kind, options } },
  );
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    ...info,
    close: async () => {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('close');
      await exited;
    },
  };
}

async function main() {
  const emulator = await server('emulator');
  const noop = await server('noop');
  const root = emulator.rootCredentials;
  const admin = client(emulator.port, root.accessKeyId, root.accessKeySecret);

  // Seed: `users` RAM users (the benchmarked one among them) and two keys for it.
  const existing =
    (await admin.listUsers(new RamSdk.ListUsersRequest({ maxItems: 1 }))).body?.users?.user
      ?.length ?? 0;
  if (existing === 0) {
    for (let i = 0; i < users - 1; i += 200) {
      const batch = Array.from({ length: Math.min(200, users - 1 - i) }, (_, j) => `seed-${i + j}`);
      await Promise.all(
        batch.map((userName) => admin.createUser(new RamSdk.CreateUserRequest({ userName }))),
      );
    }
    await admin.createUser(new RamSdk.CreateUserRequest({ userName: 'bench-user' }));
    await admin.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName: 'bench-user' }));
    await admin.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName: 'bench-user' }));
  }

  if (values['network-policy']) {
    const generic = new OpenApi.default(
      new OpenApi.$OpenApiUtil.Config({
        accessKeyId: root.accessKeyId,
        accessKeySecret: root.accessKeySecret,
        endpoint: `127.0.0.1:${emulator.port}`,
        protocol: 'http',
      }),
    );
    const ips = ['10.0.0.0/8', '192.168.0.0/16', '2001:db8::/32', '127.0.0.0/8'];
    await generic.callApi(
      new OpenApi.$OpenApiUtil.Params({
        action: 'SetAccessKeyPolicyForAccount',
        version: '2019-08-15',
        protocol: 'HTTPS',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      }),
      new OpenApi.$OpenApiUtil.OpenApiRequest({
        query: {
          AccessKeyPolicy: JSON.stringify({
            Status: 'Active',
            Statements: [{ Type: 'ClassicWhiteList', IPList: ips }],
          }),
        },
      }),
      {} as never,
    );
  }
  const emulatorClient = client(emulator.port, root.accessKeyId, root.accessKeySecret);
  const noopClient = client(noop.port, root.accessKeyId, root.accessKeySecret);

  // Warm-up (JIT, connection pools), not counted.
  await measure(emulatorClient, 500);
  await measure(noopClient, 500);

  // Fine-grained interleaving: short chunks alternate between the servers (and which goes
  // first), so both see the same load from whatever else shares these cores. The verdict is the
  // ratio of total throughputs; the median of per-pair ratios is printed as a cross-check.
  let emuMs = 0;
  let baseMs = 0;
  const pairRatios: number[] = [];
  const timed = async (c: Client) => {
    const t0 = performance.now();
    await measure(c, chunk);
    return performance.now() - t0;
  };
  for (let r = 0; r < pairs; r++) {
    let e: number;
    let b: number;
    if (r % 2 === 0) {
      b = await timed(noopClient);
      e = await timed(emulatorClient);
    } else {
      e = await timed(emulatorClient);
      b = await timed(noopClient);
    }
    emuMs += e;
    baseMs += b;
    pairRatios.push(b / e);
  }
  const total = pairs * chunk;
  const emuRate = total / (emuMs / 1000);
  const baseRate = total / (baseMs / 1000);
  const ratio = emuRate / baseRate;
  const sorted = [...pairRatios].sort((a, b) => a - b);
  const medianPair = sorted[Math.floor(sorted.length / 2)]!;

  console.log(
    `SDK ${mode} ListAccessKeys: ${total} calls per server in ${pairs} alternating chunks of ${chunk}, ` +
      `${concurrency} in flight, ${users} users, ` +
      (inProcess ? 'servers in the client process' : 'each server in its own worker thread') +
      (values['network-policy'] ? ', account-level network policy on' : ''),
  );
  console.log(`  do-nothing server: ${baseRate.toFixed(0)} calls/s`);
  console.log(`  emulator:          ${emuRate.toFixed(0)} calls/s`);
  console.log(
    `  ratio emulator/do-nothing: ${ratio.toFixed(3)}  (target >= 0.8: ${ratio >= 0.8 ? 'met' : 'NOT met'}; median of chunk pairs ${medianPair.toFixed(3)})`,
  );

  await emulator.close();
  await noop.close();
  process.exitCode = ratio >= 0.8 ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
