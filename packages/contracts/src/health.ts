import { z } from 'zod';

export const HealthResponse = z.object({
  status: z.literal('ok'),
  ram: z.enum(['emulator', 'alibaba-cloud']),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
