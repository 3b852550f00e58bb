import { z } from 'zod';

/**
 * Where an AccessKey was used (ActionTrail's record; the emulator keeps the same in embedded
 * mode). ActionTrail refreshes it about hourly, so the last hour may be missing.
 */
export const KEY_USAGE_LAG_MINUTES = 60;

export const KeyUsageService = z.object({
  serviceName: z.string(),
  lastUsedAt: z.string(),
  ips: z.array(z.object({ ip: z.string(), lastUsedAt: z.string() })),
});
export type KeyUsageService = z.infer<typeof KeyUsageService>;

export const KeyUsageResponse = z.object({
  accessKeyId: z.string(),
  services: z.array(KeyUsageService),
  lagMinutes: z.number().int(),
});
export type KeyUsageResponse = z.infer<typeof KeyUsageResponse>;
