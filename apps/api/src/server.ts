import { join } from 'node:path';
import { buildEmulator } from '@ram-console/ram-emulator';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { createMovableClock } from './lib/clock.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { databaseLocation, isPostgresUrl, openDatabase } from './db/index.js';
import { ensurePrivateDir, ensurePrivateFile } from './lib/private-files.js';
import { loadServerKey, serverSecretOf } from './lib/crypto.js';
import { createOperatorService } from './plugins/app/operators.js';
import { connect } from './ram-target.js';
import { seedDemoUsers } from './seed.js';

/** The phone the generated first admin gets in embedded mode (codes land in the demo inbox). */
const DEMO_ADMIN_PHONE = '+8613800138000';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }

  // Instances confirm each other's codes (a code sent through one is typed into whichever the
  // load balancer picks), so they must share the key; a DATA_DIR key file would differ per
  // instance.
  if (config.databaseUrl && !serverSecretOf(config)) {
    console.error(
      'CONSOLE_SECRET_KEY: required with DATABASE_URL, the same on every instance (a verification code sent through one instance is confirmed on another); e.g. openssl rand -base64 48',
    );
    process.exit(1);
  }

  ensurePrivateDir(config.dataDir);
  let emulator: FastifyInstance | null = null;
  let emulatorUrl: string | undefined;
  let connection: ReturnType<typeof connect>;
  if (config.mode === 'emulator') {
    // Embedded default: the emulator in-process on a loopback port, its database in DATA_DIR.
    // Dysmsapi's per-number flow control is off: the console's own limits apply (decisions.md).
    // The emulator's database stores the secrets of the keys it issued (README, Security).
    ensurePrivateFile(join(config.dataDir, 'ram.db'));
    emulator = await buildEmulator({
      dbPath: join(config.dataDir, 'ram.db'),
      smsFlowControl: false,
    });
    emulatorUrl = await emulator.listen({ host: '127.0.0.1', port: 0 });
    const { port } = new URL(emulatorUrl);
    connection = connect(config, {
      emulator: {
        endpoint: { host: `127.0.0.1:${port}`, protocol: 'http' },
        credentials: emulator.emulator.rootCredentials,
      },
    });
  } else {
    connection = connect(config);
  }

  // Started for tests (embedded only, config.ts refuses it otherwise): a journey moves the API's
  // clock forward, and with it the emulator's business clock (the dates RAM records), through
  // the emulator's own loopback hook; signatures keep the real time because the SDK signs with it.
  const testClock =
    config.testHooks && emulatorUrl
      ? createMovableClock(undefined, moveEmulatorClock(emulatorUrl))
      : undefined;

  const location = databaseLocation(config);
  // An idle PostgreSQL connection dropped by the server (restart, failover) is replaced by the
  // pool; it is worth a log line, not a crash.
  let poolError = (err: Error) => console.error(`PostgreSQL connection lost: ${err.message}`);
  const db = await openDatabase(location, {
    poolSize: config.databasePoolSize,
    onPoolError: (err) => poolError(err),
  });
  const app = await buildApp({
    config,
    db,
    ram: connection.ram,
    sms: connection.sms,
    emulatorUrl,
    consoleAccessKeyId: connection.consoleAccessKeyId,
    testClock,
    codeKey: loadServerKey({ dataDir: config.dataDir, secretKey: serverSecretOf(config) }),
  });
  poolError = (err) => app.log.warn({ err }, 'PostgreSQL connection lost; the pool reconnects');

  const firstAdmin = await createOperatorService(db, app.services.now).ensureFirstAdmin({
    ...config.firstAdmin,
    defaultPhone: config.mode === 'emulator' ? DEMO_ADMIN_PHONE : undefined,
    // A generated password would be printed by one instance only (and lost with its log).
    passwordRequired: isPostgresUrl(location)
      ? "with DATABASE_URL several instances may start together: a generated password would appear in one instance's output only"
      : undefined,
  });
  if (config.mode === 'emulator') {
    try {
      await seedDemoUsers(db, connection.ram);
    } catch (err) {
      app.log.warn({ err }, 'could not seed demo RAM users');
    }
  }
  try {
    await app.services.account();
  } catch (err) {
    app.log.warn({ err }, 'RAM did not answer GetAccountAlias/GetCallerIdentity at start-up');
  }

  const address = await app.listen({ host: config.host, port: config.port });
  const port = new URL(address).port;
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  console.log(`ram-console listening on http://${shownHost}:${port}`);
  console.log(`Public URL: ${app.services.publicOrigin.origin}`);
  console.log(
    config.mode === 'emulator'
      ? `RAM: embedded emulator at ${emulatorUrl} (data in ${config.dataDir})`
      : `RAM: ${config.ramEndpoint}`,
  );
  if (testClock) console.log("Test hooks on: POST /api/__test/clock moves this server's clock");
  if (firstAdmin) {
    console.log(`First admin created: ${firstAdmin.username}`);
    if (firstAdmin.generatedPassword) {
      // Printed once, never logged or stored in clear.
      console.log(`One-time password (shown only now): ${firstAdmin.generatedPassword}`);
      console.log('You will be asked to choose your own password at the first sign-in.');
    }
  }

  // Drain (docs/deploy.md): SIGTERM turns readiness to 503 and keeps serving for
  // SHUTDOWN_GRACE_SECONDS while the load balancer notices, then stops accepting connections and
  // finishes the requests in flight. SIGINT (Ctrl-C at a terminal), or a second signal, skips
  // the wait.
  let stopping = false;
  let endGrace: () => void = () => undefined;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      endGrace();
      return;
    }
    stopping = true;
    app.services.lifecycle.drain();
    const graceMs = signal === 'SIGTERM' ? config.shutdownGraceSeconds * 1000 : 0;
    app.log.info({ signal, graceSeconds: graceMs / 1000 }, 'draining: readiness answers 503');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      endGrace = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    app.log.info('closing: no new connections; finishing the requests in flight');
    // Longer than any RAM call may take (SDK connect + read timeouts), so no request in flight is
    // cut by it.
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    await app.close();
    await db.destroy();
    await emulator?.close();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void shutdown(signal));
  }
}

/** `POST /__emulator/clock` of the embedded emulator (loopback, tests only). */
function moveEmulatorClock(emulatorUrl: string) {
  return async (ms: number) => {
    const res = await fetch(new URL('/__emulator/clock', emulatorUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: ms }),
    });
    if (!res.ok) throw new Error(`the emulator's clock did not move (${res.status})`);
  };
}

try {
  await main();
} catch (err) {
  // A readable line instead of a stack for the usual start-up problems (port in use, RAM down…).
  console.error(`ram-console could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
