import type { z } from 'zod';

/**
 * An antd Form rule backed by a contracts schema: zod decides what is valid (the same rule the API
 * applies), the message comes from the locale files.
 */
export const zodRule = (schema: z.ZodType, message: string) => ({
  validator: (_: unknown, value: unknown) =>
    schema.safeParse(value === '' ? undefined : value).success
      ? Promise.resolve()
      : Promise.reject(new Error(message)),
});
