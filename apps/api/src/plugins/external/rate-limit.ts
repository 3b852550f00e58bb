import rateLimit from '@fastify/rate-limit';
import { ConsoleErrorCode } from '@ram-console/contracts';
import type { FastifyInstance } from 'fastify';
import { ApiHttpError } from '../../errors.js';

/** Opt-in per route (`config.rateLimit`): sign-in and the code routes. Keyed by client IP. */
export async function registerRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new ApiHttpError(
        429,
        ConsoleErrorCode.RateLimited,
        `Too many requests; try again in ${Math.ceil(ctx.ttl / 1000)} s`,
        { headers: { 'retry-after': String(Math.ceil(ctx.ttl / 1000)) } },
      ),
  });
}
