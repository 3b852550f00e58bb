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
import { adminQuery, startPostgres, type PostgresServer } from '../../../../bench/postgres.js';

export const TEMPLATE_DATABASE = 'ram_console_template';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { adminUrl: string; template: string; port: number };
  }
}

let server: PostgresServer | undefined;
let dropTemplate: (() => Promise<void>) | undefined;

/**
 * TEST_POSTGRES_URL (`.ci/run` starts the server and sets it): a superuser URL of a running
 * throwaway server; else a server is started here.
 */
export async function setup(project: TestProject): Promise<void> {
  const t0 = performance.now();
  const given = process.env.TEST_POSTGRES_URL;
  let adminUrl: string;
  let template = TEMPLATE_DATABASE;
  if (given) {
    adminUrl = given;
    // The run's own template, so two runs on one server never share one.
    template = `${TEMPLATE_DATABASE}_${process.pid}`;
    dropTemplate = () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  } else {
    server = await startPostgres();
    adminUrl = server.url('postgres');
  }
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
  const db = await openDatabase(templateUrl.href);
  await db.destroy();
  const port = Number(new URL(adminUrl).port);
  project.provide('postgres', { adminUrl, template, port });
  console.log(
    `postgres: ${given ? 'the given' : 'a'} test server on 127.0.0.1:${port}, migrated template in ${Math.round(performance.now() - t0)} ms`,
  );
}

export async function teardown(): Promise<void> {
  await dropTemplate?.();
  await server?.stop();
}
