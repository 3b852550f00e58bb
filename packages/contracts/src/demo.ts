import { z } from 'zod';

export const DemoInboxResponse = z.object({
  messages: z.array(z.object({ phone: z.string(), code: z.string(), sentAt: z.string() })),
});
export type DemoInboxResponse = z.infer<typeof DemoInboxResponse>;
