import rateLimit from '@fastify/rate-limit';
import { ConsoleErrorCode } from '@ram-console/contracts';
import type { FastifyInstance } from 'fastify';
import { ConsoleError } from '../../errors.js';

/** Opt-in per route (`config.rateLimit`): sign-in and the code routes. Keyed by client IP. */
export async function registerRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => {
      const retryAfterSeconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new ConsoleError(
        ConsoleErrorCode.RateLimited,
        `Too many requests; try again in ${retryAfterSeconds} s`,
        { retryAfterSeconds },
      );
    },
  });
}
