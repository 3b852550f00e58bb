import { z } from 'zod';

export const HealthResponse = z.object({
  status: z.literal('ok'),
  ram: z.enum(['emulator', 'alibaba-cloud']),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/**
 * `GET /api/health/ready`, for load balancers: 200 `ready` when the database answers and the
 * instance is not draining; 503 `draining` after SIGTERM, 503 `database-unavailable` otherwise.
 */
export const ReadinessStatus = z.enum(['ready', 'draining', 'database-unavailable']);
export const ReadinessResponse = z.object({ status: ReadinessStatus });
export type ReadinessResponse = z.infer<typeof ReadinessResponse>;
