import {
  toCsv,
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
  'targetOperator',
  'ramUserName',
  'accessKeyId',
  'outcome',
  'errorCode',
  'verification',
  'requestId',
  'ramRequestId',
  'ip',
];
export const AUDIT_CSV_MAX_ROWS = 10_000;

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
      const csv = toCsv(
        CSV_COLUMNS,
        events.map((e) => CSV_COLUMNS.map((c) => e[c])),
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-events.csv"')
        .send(csv);
    },
  );
};
export default auditRoutes;
