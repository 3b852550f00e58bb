import {
  ListAuditEventsQuery,
  ListAuditEventsResponse,
  type AuditEvent,
} from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../common.js';

const CSV_COLUMNS: (keyof AuditEvent)[] = [
  'id',
  'time',
  'operator',
  'action',
  'ramUserName',
  'accessKeyId',
  'outcome',
  'errorCode',
  'requestId',
  'ramRequestId',
  'ip',
];
export const AUDIT_CSV_MAX_ROWS = 10_000;

/** RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs it. */
function csvField(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { audit } = app.services;
  const config = { access: 'admin' as const };

  app.get(
    '/api/audit-events',
    {
      config,
      schema: {
        tags: ['audit'],
        querystring: ListAuditEventsQuery,
        response: { 200: ListAuditEventsResponse, ...errors },
      },
    },
    async (request) => audit.list(request.query),
  );

  app.get(
    '/api/audit-events.csv',
    {
      config,
      schema: {
        tags: ['audit'],
        querystring: ListAuditEventsQuery.omit({ cursor: true, limit: true }),
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const { events } = await audit.list(
        { ...request.query, limit: AUDIT_CSV_MAX_ROWS },
        AUDIT_CSV_MAX_ROWS,
      );
      const lines = [
        CSV_COLUMNS.join(','),
        ...events.map((e) => CSV_COLUMNS.map((c) => csvField(e[c])).join(',')),
      ];
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-events.csv"')
        .send('\uFEFF' + lines.join('\r\n') + '\r\n');
    },
  );
};
export default auditRoutes;
