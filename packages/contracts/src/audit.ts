import { z } from 'zod';

export const AuditOutcome = z.enum(['success', 'failure']);

export const AuditEvent = z.object({
  id: z.number().int(),
  time: z.string(),
  operator: z.string().nullable(),
  action: z.string(),
  ramUserName: z.string().nullable(),
  accessKeyId: z.string().nullable(),
  outcome: AuditOutcome,
  errorCode: z.string().nullable(),
  requestId: z.string(),
  ramRequestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const ListAuditEventsQuery = z.object({
  operator: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  ramUserName: z.string().max(64).optional(),
  outcome: AuditOutcome.optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  /** Opaque cursor from a previous page. */
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type ListAuditEventsQuery = z.infer<typeof ListAuditEventsQuery>;

export const ListAuditEventsResponse = z.object({
  events: z.array(AuditEvent),
  nextCursor: z.string().nullable(),
});
export type ListAuditEventsResponse = z.infer<typeof ListAuditEventsResponse>;
