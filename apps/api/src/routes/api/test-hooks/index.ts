import { AdvanceClockRequest, AdvanceClockResponse } from '@ram-console/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { forbidden } from '../../../errors.js';
import type { MovableClock } from '../../../lib/clock.js';
import { errors } from '../common.js';

/** 127.0.0.0/8 and ::1, also IPv4-mapped; the socket's own address, never X-Forwarded-For. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/**
 * The test channel of a server started with CONSOLE_TEST_HOOKS=true (embedded mode only; app.ts
 * registers this plugin only then): a journey moves the server's clock forward instead of waiting.
 * Public (a test moves time before anyone signs in) but it answers loopback callers only.
 */
const testHookRoutes: FastifyPluginAsyncZod<{ clock: MovableClock }> = async (app, opts) => {
  app.post(
    '/api/__test/clock',
    {
      config: { access: 'public' },
      schema: {
        tags: ['test'],
        body: AdvanceClockRequest,
        response: { 200: AdvanceClockResponse, ...errors },
      },
    },
    async (request) => {
      if (!isLoopback(request.socket.remoteAddress)) {
        throw forbidden('The test channel answers loopback callers only');
      }
      const now = await opts.clock.advance(request.body.advanceMs);
      request.log.warn({ advanceMs: request.body.advanceMs }, 'test clock moved forward');
      return { now: now.toISOString() };
    },
  );
};
export default testHookRoutes;
