#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildEmulator } from './app.js';

const USAGE = `Usage: ram-emulator [--host 127.0.0.1] [--port 9100] [--db ./data/ram.db] [--alias NAME]
                    [--no-sms-flow-control] [--max-users N] [--verbose]

Root credentials: RAM_EMULATOR_ROOT_ACCESS_KEY_ID / RAM_EMULATOR_ROOT_ACCESS_KEY_SECRET, else
generated on first start, stored in the database and printed once.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '9100' },
      db: { type: 'string', default: './data/ram.db' },
      alias: { type: 'string' },
      'max-users': { type: 'string' },
      'no-sms-flow-control': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid --port ${values.port}`);
  const maxUsers = values['max-users'] === undefined ? undefined : Number(values['max-users']);
  if (maxUsers !== undefined && !(Number.isInteger(maxUsers) && maxUsers > 0)) {
    throw new Error(`invalid --max-users ${values['max-users']}`);
  }

  const dbPath = values.db === ':memory:' ? ':memory:' : resolve(values.db);
  if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });

  const id = process.env.RAM_EMULATOR_ROOT_ACCESS_KEY_ID;
  const secret = process.env.RAM_EMULATOR_ROOT_ACCESS_KEY_SECRET;
  if ((id === undefined) !== (secret === undefined)) {
    throw new Error(
      'set both RAM_EMULATOR_ROOT_ACCESS_KEY_ID and RAM_EMULATOR_ROOT_ACCESS_KEY_SECRET, or neither',
    );
  }

  const app = await buildEmulator({
    dbPath,
    ...(id && secret ? { rootCredentials: { accessKeyId: id, accessKeySecret: secret } } : {}),
    ...(values.alias ? { accountAlias: values.alias } : {}),
    ...(maxUsers ? { maxUsers } : {}),
    smsFlowControl: !values['no-sms-flow-control'],
    logger: values.verbose,
  });

  let closing = false;
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`ram-emulator: ${signal}, closing`);
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => close('SIGTERM'));
  process.on('SIGINT', () => close('SIGINT'));

  const address = await app.listen({ host: values.host, port });
  const { rootCredentials, generatedRootCredentials, accountId } = app.emulator;
  console.log(`ram-emulator listening on ${address} (account ${accountId}, db ${dbPath})`);
  if (generatedRootCredentials) {
    // Printed this once only: the pair is in the database from now on.
    console.log('Generated root AccessKey pair (shown once, stored in the database):');
    console.log(`  RAM_EMULATOR_ROOT_ACCESS_KEY_ID=${rootCredentials.accessKeyId}`);
    console.log(`  RAM_EMULATOR_ROOT_ACCESS_KEY_SECRET=${rootCredentials.accessKeySecret}`);
  } else {
    console.log(`Root AccessKey ID: ${rootCredentials.accessKeyId}`);
  }
}

main().catch((err: unknown) => {
  console.error(`ram-emulator: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
