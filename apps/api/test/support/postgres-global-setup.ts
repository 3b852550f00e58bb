/**
 * Vitest globalSetup of the `postgres` project: one throwaway PostgreSQL server for the whole run
 * and a template database with every migration applied. Each harness (and each real-server test)
 * then gets a database of its own copied from the template (support/database.ts), so test files
 * run in parallel without sharing rows. The server is stopped and its directory deleted at the end.
 *
 * A server that does not start fails the run: the PostgreSQL suites are never skipped
 * (vitest.config.ts leaves the project out only for an explicit TEST_POSTGRES=off outside CI).
 */
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/index.js';
import { adminQuery, startPostgres, type PostgresServer } from './postgres.js';

export const TEMPLATE_DATABASE = 'ram_console_template';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { adminUrl: string; template: string; port: number };
  }
}

let server: PostgresServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  const t0 = performance.now();
  server = await startPostgres();
  const adminUrl = server.url('postgres');
  await adminQuery(adminUrl, `CREATE DATABASE ${TEMPLATE_DATABASE}`);
  const db = await openDatabase(server.url(TEMPLATE_DATABASE));
  await db.destroy();
  project.provide('postgres', { adminUrl, template: TEMPLATE_DATABASE, port: server.port });
  console.log(
    `postgres: test server on 127.0.0.1:${server.port}, migrated template in ${Math.round(performance.now() - t0)} ms`,
  );
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
