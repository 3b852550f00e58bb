import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { IMS, ImsSdk, RamSdk, callApi, ims, ram, sts, startEmulator } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ram-emulator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('restart persistence with a file database', () => {
  it('keeps the account, the generated root pair, users and keys across a restart', async () => {
    const dbPath = join(dir, 'restart.db');
    const first = await startEmulator({ dbPath });
    expect(first.app.emulator.generatedRootCredentials).toBe(true);
    const root = ram(first.port, first.root, 'v3');
    await root.createUser(new RamSdk.CreateUserRequest({ userName: 'survivor' }));
    await root.attachPolicyToUser(
      new RamSdk.AttachPolicyToUserRequest({
        userName: 'survivor',
        policyName: 'AliyunRAMFullAccess',
        policyType: 'System',
      }),
    );
    const key = (
      await root.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName: 'survivor' }))
    ).body!.accessKey!;
    const accountId = first.app.emulator.accountId;
    await first.close();

    const second = await startEmulator({ dbPath });
    try {
      expect(second.app.emulator).toMatchObject({
        accountId,
        generatedRootCredentials: false,
        rootCredentials: first.root,
      });
      const creds = { accessKeyId: key.accessKeyId!, accessKeySecret: key.accessKeySecret! };
      for (const mode of ['v3', 'v1'] as const) {
        const keys = (
          await ram(second.port, creds, mode).listAccessKeys(new RamSdk.ListAccessKeysRequest({}))
        ).body!.accessKeys!.accessKey!;
        expect(keys.map((k) => k.accessKeyId)).toEqual([key.accessKeyId]);
        expect((await sts(second.port, creds, mode).getCallerIdentity()).body!.arn).toBe(
          `acs:ram::${accountId}:user/survivor`,
        );
      }
    } finally {
      await second.close();
    }
  });

  it('uses given root credentials instead of generating them', async () => {
    const rootCredentials = {
      accessKeyId: 'LTAI5tGivenGivenGivenGiv',
      accessKeySecret: 'GivenSecretGivenSecretGivenSec',
    };
    const e = await startEmulator({
      dbPath: join(dir, 'given.db'),
      rootCredentials,
      accountAlias: 'my-alias',
    });
    try {
      expect(e.app.emulator).toMatchObject({ rootCredentials, generatedRootCredentials: false });
      expect((await ram(e.port, rootCredentials, 'v3').getAccountAlias()).body!.accountAlias).toBe(
        'my-alias',
      );
    } finally {
      await e.close();
    }
  });
});

describe('database files from before issue 13', () => {
  it('gains the new columns and tables at start and keeps its users and keys', async () => {
    const dbPath = join(dir, 'old.db');
    // The first release's schema, with one user and its key.
    const old = new Database(dbPath);
    old.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE users (seq INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT NOT NULL UNIQUE,
        user_name TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL DEFAULT '',
        mobile_phone TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',
        comments TEXT NOT NULL DEFAULT '', create_date TEXT NOT NULL, update_date TEXT NOT NULL);
      CREATE TABLE access_keys (access_key_id TEXT PRIMARY KEY, access_key_secret TEXT NOT NULL,
        user_seq INTEGER, status TEXT NOT NULL, create_date TEXT NOT NULL, last_used_date TEXT);
      INSERT INTO users (user_id, user_name, create_date, update_date)
        VALUES ('2000000000000001', 'veteran', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
      INSERT INTO access_keys VALUES ('LTAI5tVeteranVeteranVete', 'VeteranSecretVeteranSecretVete', 1,
        'Active', '2025-01-01T00:00:00Z', NULL);
    `);
    old.close();
    const e = await startEmulator({ dbPath });
    try {
      const key = {
        accessKeyId: 'LTAI5tVeteranVeteranVete',
        accessKeySecret: 'VeteranSecretVeteranSecretVete',
      };
      const root = ram(e.port, e.root, 'v3');
      await root.attachPolicyToUser(
        new RamSdk.AttachPolicyToUserRequest({
          userName: 'veteran',
          policyName: 'AliyunRAMReadOnlyAccess',
          policyType: 'System',
        }),
      );
      await ram(e.port, key, 'v3').getAccountAlias();
      const upn = 'veteran@ram-console-demo.onaliyun.com';
      await callApi(e.port, e.root, 'v3', IMS, 'SetAccessKeyPolicy', {
        UserPrincipalName: upn,
        UserAccessKeyId: key.accessKeyId,
        AccessKeyPolicy: '{"Status":"Inactive","Statements":[]}',
      });
      await root.deleteAccessKey(
        new RamSdk.DeleteAccessKeyRequest({
          userName: 'veteran',
          userAccessKeyId: key.accessKeyId,
        }),
      );
      const binned = await ims(e.port, e.root, 'v3').listAccessKeysInRecycleBin(
        new ImsSdk.ListAccessKeysInRecycleBinRequest({ userId: '2000000000000001' }),
      );
      expect(binned.body!.accessKeys!.accessKey!.map((k) => k.accessKeyId)).toEqual([
        key.accessKeyId,
      ]);
    } finally {
      await e.close();
    }
  });
});

describe('CLI', () => {
  const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

  /** Starts the CLI and resolves with its output once it reports listening. */
  function run(dbPath: string, env: Record<string, string> = {}, args: string[] = []) {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, '--port', '0', '--db', dbPath, ...args],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines: string[] = [];
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const ready = new Promise<void>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout });
      rl.on('line', (line) => {
        lines.push(line);
        if (/^Root AccessKey ID|RAM_EMULATOR_ROOT_ACCESS_KEY_SECRET=/.test(line)) resolve();
      });
      child.on('exit', (code) => reject(new Error(`cli exited ${code}: ${lines.join('\n')}`)));
    });
    return { child, lines, ready, exited };
  }

  it('prints generated root credentials once, serves the SDK, and closes on SIGTERM', async () => {
    const dbPath = join(dir, 'cli', 'ram.db');
    const a = run(dbPath);
    await a.ready;
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(a.lines.join('\n'))![1]);
    const id = /RAM_EMULATOR_ROOT_ACCESS_KEY_ID=(\S+)/.exec(a.lines.join('\n'))![1]!;
    const secret = /RAM_EMULATOR_ROOT_ACCESS_KEY_SECRET=(\S+)/.exec(a.lines.join('\n'))![1]!;
    const identity = (
      await sts(port, { accessKeyId: id, accessKeySecret: secret }, 'v3').getCallerIdentity()
    ).body!;
    expect(identity.identityType).toBe('Account');
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);

    const b = run(dbPath);
    await b.ready;
    expect(b.lines.join('\n')).not.toContain(secret);
    expect(b.lines.join('\n')).toContain(`Root AccessKey ID: ${id}`);
    b.child.kill('SIGINT');
    expect(await b.exited).toBe(0);
  });

  it('takes root credentials from the environment without printing the secret', async () => {
    const c = run(join(dir, 'cli-env.db'), {
      RAM_EMULATOR_ROOT_ACCESS_KEY_ID: 'LTAI5tEnvEnvEnvEnvEnvEnvE',
      RAM_EMULATOR_ROOT_ACCESS_KEY_SECRET: 'EnvSecretEnvSecretEnvSecretEnv',
    });
    await c.ready;
    expect(c.lines.join('\n')).toContain('Root AccessKey ID: LTAI5tEnvEnvEnvEnvEnvEnvE');
    expect(c.lines.join('\n')).not.toContain('EnvSecretEnvSecret');
    c.child.kill('SIGTERM');
    expect(await c.exited).toBe(0);
  });

  it('never logs an AccessKey secret, even with --verbose request logging', async () => {
    const d = run(join(dir, 'cli-verbose.db'), {}, ['--verbose']);
    await d.ready;
    const all = () => d.lines.join('\n');
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(all())![1]);
    const rootSecret = /RAM_EMULATOR_ROOT_ACCESS_KEY_SECRET=(\S+)/.exec(all())![1]!;
    const rootId = /RAM_EMULATOR_ROOT_ACCESS_KEY_ID=(\S+)/.exec(all())![1]!;
    const printedOnce = all();
    const root = ram(port, { accessKeyId: rootId, accessKeySecret: rootSecret }, 'v1');
    const created = (await root.createAccessKey(new RamSdk.CreateAccessKeyRequest({}))).body!
      .accessKey!;
    await root.getUser(new RamSdk.GetUserRequest({ userName: 'nobody' })).catch(() => undefined);
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    const after = all().slice(printedOnce.length);
    expect(after).toContain('"statusCode":200'); // request logging was on
    expect(after).not.toContain(created.accessKeySecret!);
    expect(after).not.toContain(rootSecret);
  });
});
