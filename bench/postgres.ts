/**
 * A throwaway PostgreSQL server for a test run (apps/api/test/support/postgres-global-setup.ts)
 * or a bench run (bench/h-cluster.ts): `initdb` into a temp dir,
 * `pg_ctl start` on a free loopback port, stopped and deleted by `stop()`. No Docker, no service:
 * Debian's postgresql-15 binaries (`.ci/run` installs them where missing).
 *
 * `initdb` and `postgres` refuse to run as root: as root they run as the `postgres` user
 * (runuser), in a temp dir that user owns.
 */
import { execFile, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PostgresServer {
  port: number;
  /** A URL for one database on this server (user `postgres`, trust auth on loopback). */
  url(database: string): string;
  stop(): Promise<void>;
}

/** PG_BIN, else the newest /usr/lib/postgresql/<version>/bin, else `pg_config --bindir`. */
export async function findPostgresBin(): Promise<string> {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  try {
    const { stdout } = await run('pg_config', ['--bindir']);
    const dir = stdout.trim();
    if (existsSync(join(dir, 'initdb'))) return dir;
  } catch {
    // not installed
  }
  throw new Error(
    'PostgreSQL server binaries not found (initdb, pg_ctl): install them (Debian: apt-get install postgresql-15) or set PG_BIN',
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

async function asPostgresUser(bin: string, args: string[], timeoutMs = 60_000) {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    return await run(cmd, argv, { timeout: timeoutMs });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${[bin, ...args].join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`,
      { cause: err },
    );
  }
}

export async function startPostgres(
  opts: { maxConnections?: number } = {},
): Promise<PostgresServer> {
  const bin = await findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'ram-console-pg-'));
  if (isRoot()) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const port = await freePort();
  let started = false;
  try {
    await asPostgresUser(join(bin, 'initdb'), [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    // Durability off: a throwaway server (never for real data).
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      `-c max_connections=${opts.maxConnections ?? 300}`,
    ].join(' ');
    await asPostgresUser(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-o',
      options,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
    started = true;
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  // If this process dies without calling stop() (killed test run, crashed bench), a detached
  // watcher stops the server and deletes its directory: no stray PostgreSQL keeps running.
  const stopCommand = [
    ...(isRoot() ? ['runuser', '-u', 'postgres', '--'] : []),
    join(bin, 'pg_ctl'),
    '-D',
    data,
    '-m',
    'immediate',
    'stop',
  ]
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  const watcher = spawn(
    'sh',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stopCommand} >/dev/null 2>&1; rm -rf '${dir}'`,
    ],
    { detached: true, stdio: 'ignore' },
  );
  watcher.unref();
  const server: PostgresServer = {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stop() {
      watcher.kill();
      if (started) {
        started = false;
        await asPostgresUser(join(bin, 'pg_ctl'), [
          '-D',
          data,
          '-m',
          'immediate',
          '-w',
          'stop',
        ]).catch(() => undefined);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Runs one statement on the server's `postgres` database (CREATE/DROP DATABASE). */
export async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A new database copied from `template` (about 0.4 s; retried while another copy runs). */
export async function createDatabaseFrom(
  adminUrl: string,
  name: string,
  template: string,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(
        adminUrl,
        `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`,
      );
      return;
    } catch (err) {
      // "source database … is being accessed by other users": another copy is starting.
      if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 50 + attempt * 25));
    }
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}
