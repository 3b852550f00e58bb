#!/usr/bin/env node
/**
 * npm run operator -- add|list|passwd|remove
 *
 *   add <username> --role admin|member --phone +86138… [--ram-user alice] [--password …]
 *   list
 *   passwd <username> [--password …]
 *   remove <username>
 *
 * Without --password, add and passwd generate one and print it once. Works on the database
 * directly (DATABASE_URL, else DATA_DIR's console.db), so it also works while the server is
 * stopped.
 */
import { parseArgs } from 'node:util';
import { CreateOperatorRequest, OperatorPassword } from '@ram-console/contracts';
import { loadConfig, ConfigError } from '../config.js';
import { databaseLocation, openDatabase } from '../db/index.js';
import { ApiHttpError } from '../errors.js';
import { generatePassword } from '../lib/crypto.js';
import { createOperatorService, toOperator } from '../plugins/app/operators.js';

const USAGE = `Usage: npm run operator -- <command>
  add <username> --role admin|member --phone <+8613800138000> [--ram-user <name>] [--password <pw>]
  list
  passwd <username> [--password <pw>]
  remove <username>`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      phone: { type: 'string' },
      'ram-user': { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, username] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  // Only where the database is matters here; the rest of the environment is not this command's
  // business (it starts no emulator, so DATABASE_URL needs no RAM_ENDPOINT).
  const config = loadConfig({
    DATA_DIR: process.env.DATA_DIR,
    DATABASE_URL: process.env.DATABASE_URL,
    ALLOW_EMBEDDED_WITH_DATABASE_URL: 'true',
  });
  const db = await openDatabase(databaseLocation(config));
  const operators = createOperatorService(db, () => new Date());
  try {
    switch (command) {
      case 'list': {
        const rows = (await operators.list()).map(toOperator);
        if (rows.length === 0) console.log('No operators.');
        for (const o of rows) {
          console.log(
            [
              o.username,
              o.role,
              o.maskedPhone || '-',
              o.ramUserName ?? '-',
              o.createdAt,
              o.source === 'sso' ? 'sso' : o.breakGlass ? 'break-glass' : 'local',
            ].join('\t'),
          );
        }
        return 0;
      }
      case 'add': {
        const password = values.password ?? generatePassword();
        const parsed = CreateOperatorRequest.safeParse({
          username,
          password,
          role: values.role,
          phone: values.phone,
          ...(values['ram-user'] ? { ramUserName: values['ram-user'] } : {}),
        });
        if (!parsed.success) {
          for (const i of parsed.error.issues) console.error(`${i.path.join('.')}: ${i.message}`);
          return 2;
        }
        // A generated password is a one-time password: it must be changed at the first sign-in.
        // The CLI is the break-glass path (run on the server, with access to DATA_DIR): an admin
        // it adds may sign in with a password even while LOCAL_LOGIN=false.
        await operators.create(parsed.data, {
          mustChangePassword: !values.password,
          breakGlass: true,
        });
        console.log(`Operator ${parsed.data.username} (${parsed.data.role}) added.`);
        if (!values.password) {
          console.log(`Password (shown only now): ${password}`);
          console.log('It must be changed at the first sign-in.');
        }
        return 0;
      }
      case 'passwd': {
        if (!username) return usage();
        const password = values.password ?? generatePassword();
        const ok = OperatorPassword.safeParse(password);
        if (!ok.success) {
          console.error(ok.error.issues[0]?.message);
          return 2;
        }
        await operators.setPassword(username, password, {
          mustChangePassword: !values.password,
          keepIdHash: null,
        });
        console.log(
          `Password for ${username} changed; their sessions were ended and pending codes voided.`,
        );
        if (!values.password) {
          console.log(`New password (shown only now): ${password}`);
          console.log('It must be changed at the first sign-in.');
        }
        return 0;
      }
      case 'remove': {
        if (!username) return usage();
        await operators.remove(username);
        console.log(`Operator ${username} removed.`);
        return 0;
      }
      default:
        return usage();
    }
  } catch (err) {
    if (err instanceof ApiHttpError || err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  } finally {
    await db.destroy();
  }
}

function usage(): number {
  console.error(USAGE);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
