import {
  ACCOUNT_REPORT_USER,
  CREDENTIAL_REPORT_CSV_HEADER,
  CredentialReport,
  ExpiredKeysResponse,
  credentialReportCsv,
  type AccessKeySummary,
  type CredentialReportRow,
} from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { iso } from '../../../lib/clock.js';
import { requireSession } from '../../../plugins/app/auth.js';
import { errors } from '../common.js';
import { SEARCH_SCAN_PAGES } from '../users/index.js';

/** How many RAM users' keys are fetched at once (each is 1 + keys SDK calls). */
const CONCURRENCY = 8;

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

const keyRow = (
  userName: string,
  displayName: string,
  k: AccessKeySummary,
): CredentialReportRow => ({
  userName,
  displayName,
  accessKeyId: k.accessKeyId,
  status: k.status,
  createDate: k.createDate,
  ageDays: k.ageDays,
  unusedDays: k.unusedDays,
  lastUsedDate: k.lastUsedDate,
  lastUsedService: k.lastUsedService,
  description: k.description,
  flags: k.flags,
});

/**
 * The credential report: the account's own keys first (user `<account>`), then every RAM user in
 * RAM's order, one row per key; a user with no key gets one row with empty key fields.
 */
const reportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ram, accessKeys, now, config } = app.services;

  async function build(): Promise<CredentialReport> {
    const generatedAt = iso(now());
    const users: { userName: string; displayName: string }[] = [];
    let marker: string | undefined;
    for (let i = 0; i < SEARCH_SCAN_PAGES; i++) {
      const page = await ram.listUsers(marker, 1000);
      users.push(...page.users);
      if (!page.isTruncated || !page.marker) break;
      marker = page.marker;
    }
    const { accountAlias } = await app.services.account();
    const accountKeys = await accessKeys.summaries(null);
    const perUser = await mapLimit(users, CONCURRENCY, (u) => accessKeys.summaries(u.userName));
    const rows: CredentialReportRow[] = accountKeys.map((k) =>
      keyRow(ACCOUNT_REPORT_USER, accountAlias, k),
    );
    users.forEach((u, i) => {
      const keys = perUser[i]!;
      if (keys.length === 0) {
        rows.push({
          userName: u.userName,
          displayName: u.displayName,
          accessKeyId: null,
          status: null,
          createDate: null,
          ageDays: null,
          unusedDays: null,
          lastUsedDate: null,
          lastUsedService: null,
          description: null,
          flags: [],
        });
      }
      for (const k of keys) rows.push(keyRow(u.userName, u.displayName, k));
    });
    const keyRows = rows.filter((r) => r.accessKeyId !== null);
    const count = (flag: string) => keyRows.filter((r) => r.flags.includes(flag as never)).length;
    return {
      generatedAt,
      policy: config.keyPolicy,
      rows,
      summary: {
        users: users.length,
        keys: keyRows.length,
        neverUsed: count('never-used'),
        unused: count('unused'),
        old: count('old'),
        expired: count('expired'),
        idleDisableSoon: count('idle-disable-soon'),
      },
    };
  }

  app.get(
    '/api/reports/credentials',
    {
      config: { access: 'admin' },
      schema: { tags: ['reports'], response: { 200: CredentialReport, ...errors } },
    },
    async () => build(),
  );

  app.get(
    '/api/reports/credentials.csv',
    {
      config: { access: 'admin' },
      schema: { tags: ['reports'], response: { 200: z.string(), ...errors } },
    },
    async (_request, reply) => {
      const report = await build();
      const csv = credentialReportCsv(
        CREDENTIAL_REPORT_CSV_HEADER,
        report.rows.map((r) => [
          r.userName,
          r.displayName,
          r.accessKeyId,
          r.status,
          r.createDate,
          r.ageDays,
          r.lastUsedDate,
          r.lastUsedService,
          r.description,
          r.flags.join(';'),
        ]),
      );
      const day = report.generatedAt.slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="credential-report-${day}.csv"`)
        .send(csv);
    },
  );

  /** The sign-in banner: keys of the operator's own RAM user past KEY_MAX_AGE_DAYS. */
  app.get(
    '/api/me/expired-access-keys',
    {
      config: { access: 'operator' },
      schema: { tags: ['auth'], response: { 200: ExpiredKeysResponse, ...errors } },
    },
    async (request) => {
      const session = requireSession(request);
      const maxAgeDays = config.keyPolicy.maxAgeDays;
      const userName = session.operator.ram_user_name;
      if (maxAgeDays === null || !userName) return { maxAgeDays, accessKeys: [] };
      const keys = await accessKeys.summaries(userName);
      return {
        maxAgeDays,
        accessKeys: keys
          .filter((k) => k.flags.includes('expired'))
          .map((k) => ({
            ramUserName: userName,
            accessKeyId: k.accessKeyId,
            createDate: k.createDate,
            ageDays: k.ageDays,
            unusedDays: k.unusedDays,
          })),
      };
    },
  );
};
export default reportsRoutes;
