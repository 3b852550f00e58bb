import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/index.js';
import { Client, startRealServer, type RealServer } from './reliability/real-server.js';
import { findPostgresBin } from '../../../bench/postgres.js';
import { createDatabaseFrom, dropDatabase } from '../../../bench/postgres.js';
import { freshDatabase, TEST_DIALECT, type TestDatabase } from './support/database.js';

const backupJs = fileURLToPath(new URL('../dist/cli/backup.js', import.meta.url));
const run = promisify(execFile);

async function cli(file: string, env: Record<string, string>, ...args: string[]) {
  try {
    const r = await run(process.execPath, [file, ...args], {
      env: { PATH: process.env.PATH, ...env },
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe(`backups (${TEST_DIALECT})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-backup-'));
  let database: TestDatabase;
  let server: RealServer | undefined;
  beforeAll(async () => {
    database = await freshDatabase(dataDir);
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  if (TEST_DIALECT === 'sqlite') {
    it('npm run backup copies console.db and ram.db while the console runs and writes; the copy restores', async () => {
      server = await startRealServer(dataDir);
      const admin = new Client(server.url);
      await admin.signIn();
      expect(
        (
          await admin.request('POST', '/api/users', {
            body: { userName: 'backed-up', displayName: 'B' },
          })
        ).status,
      ).toBe(201);
      // Writes keep landing while the backup runs (each create writes an audit row).
      let writing = true;
      const writes = (async () => {
        let n = 0;
        while (writing) {
          const r = await admin.request('POST', '/api/users', {
            body: { userName: `during-${n}`, displayName: 'During the backup' },
          });
          expect(r.status).toBe(201);
          n++;
        }
        return n;
      })();
      const res = await cli(backupJs, { DATA_DIR: dataDir });
      writing = false;
      expect(await writes).toBeGreaterThan(0);
      expect(res.code, res.out).toBe(0);
      const stamps = readdirSync(join(dataDir, 'backups'));
      expect(stamps).toHaveLength(1);
      const dir = join(dataDir, 'backups', stamps[0]!);
      expect(readdirSync(dir).sort()).toEqual(['console.db', 'ram.db']);
      for (const f of ['console.db', 'ram.db']) {
        expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
        const db = new Database(join(dir, f), { readonly: true });
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        db.close();
      }
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);

      // Restore: the two files into an empty DATA_DIR, and the console starts on them.
      const restored = join(dataDir, 'restored');
      mkdirSync(restored);
      for (const f of ['console.db', 'ram.db']) copyFileSync(join(dir, f), join(restored, f));
      server = await startRealServer(restored);
      const again = new Client(server.url);
      await again.signIn();
      const users = await again.request('GET', '/api/users?q=backed-up');
      expect(users.body.users.map((u: { userName: string }) => u.userName)).toEqual(['backed-up']);
      const audit = await again.request(
        'GET',
        '/api/audit-events?action=CreateUser&ramUserName=backed-up',
      );
      expect(
        audit.body.events.some((e: { ramUserName: string }) => e.ramUserName === 'backed-up'),
      ).toBe(true);
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
      // A server process, writes, the backup process and a restored server.
    }, 90_000);
  } else {
    it('npm run backup points PostgreSQL users to pg_dump; pg_dump and pg_restore (docs/deploy.md) round-trip the console database', async () => {
      const res = await cli(backupJs, { DATA_DIR: dataDir, ...database.env });
      expect(res.code).toBe(2);
      expect(res.out).toContain('pg_dump');

      const db = await openDatabase(database.location);
      await db.insertInto('settings').values({ key: 'before-backup', value: 'kept' }).execute();
      await db.destroy();
      const bin = await findPostgresBin();
      const dump = join(dataDir, 'console.dump');
      await run(join(bin, 'pg_dump'), [
        '--format=custom',
        '--no-owner',
        `--file=${dump}`,
        database.location,
      ]);
      const url = new URL(database.location);
      const restoredName = `${database.name}_restored`;
      await createDatabaseFrom(new URL('/postgres', url).href, restoredName, 'template0');
      try {
        const restoredUrl = new URL(`/${restoredName}`, url).href;
        await run(join(bin, 'pg_restore'), ['--no-owner', `--dbname=${restoredUrl}`, dump]);
        const restored = await openDatabase(restoredUrl);
        const row = await restored
          .selectFrom('settings')
          .select('value')
          .where('key', '=', 'before-backup')
          .executeTakeFirst();
        await restored.destroy();
        expect(row).toEqual({ value: 'kept' });
      } finally {
        await dropDatabase(new URL('/postgres', url).href, restoredName);
      }
    });
  }
});
