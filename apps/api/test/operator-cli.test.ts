import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/lib/crypto.js';
import { openDatabase } from '../src/db/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';

const cliJs = fileURLToPath(new URL('../dist/cli/operator.js', import.meta.url));
const run = promisify(execFile);

describe.skipIf(!existsSync(cliJs))('npm run operator -- add|list|passwd|remove', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-cli-'));
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(dataDir);
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const cli = async (...args: string[]) => {
    try {
      const r = await run(process.execPath, [cliJs, ...args], {
        env: {
          PATH: process.env.PATH,
          DATA_DIR: dataDir,
          INSECURE_TEST_PASSWORD_HASHING: '1',
          ...database.env,
        },
      });
      return { code: 0, out: r.stdout + r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout + e.stderr };
    }
  };

  it('adds, lists, changes the password of and removes operators', async () => {
    const add = await cli('add', 'ops-admin', '--role', 'admin', '--phone', '+8613800000011');
    expect(add.code).toBe(0);
    const password = /Password \(shown only now\): (\S+)/.exec(add.out)?.[1];
    expect(password).toBeDefined();
    expect(
      (
        await cli(
          'add',
          'ops-member',
          '--role',
          'member',
          '--phone',
          '+8613800000012',
          '--ram-user',
          'alice',
          '--password',
          'member-pass-1234',
        )
      ).code,
    ).toBe(0);
    const list = await cli('list');
    expect(list.out).toMatch(/ops-admin\tadmin\t138\*{4}0011\t-/);
    expect(list.out).toMatch(/ops-member\tmember\t.*\talice/);
    expect(list.out).not.toContain('13800000011');

    const bad = await cli('add', 'Bad Name', '--role', 'member', '--phone', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('username');
    expect(bad.out).toContain('phone');

    expect((await cli('passwd', 'ops-member', '--password', 'changed-pass-1234')).code).toBe(0);
    const db = await openDatabase(database.location);
    const row = await db
      .selectFrom('operators')
      .selectAll()
      .where('username', '=', 'ops-member')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword('changed-pass-1234', row.password_hash)).toBe(true);
    // A password the person typed stands; a generated one must be changed at the first sign-in.
    expect(row.must_change_password).toBe(0);
    const generated = await db
      .selectFrom('operators')
      .select('must_change_password')
      .where('username', '=', 'ops-admin')
      .executeTakeFirstOrThrow();
    expect(generated.must_change_password).toBe(1);
    await db.destroy();

    expect((await cli('remove', 'ops-member')).code).toBe(0);
    // The last admin stays.
    const last = await cli('remove', 'ops-admin');
    expect(last.code).toBe(2);
    expect(last.out).toContain('at least one admin');
  });
});
