import type { z } from 'zod';

/**
 * An antd Form rule backed by a contracts schema: zod decides what is valid (the same rule the API
 * applies), the message comes from the locale files.
 */
export const zodRule = (schema: z.ZodType, message: string, required = false) => ({
  // Marks the field as required (antd's asterisk) when the schema needs a value.
  required,
  message,
  validator: (_: unknown, value: unknown) =>
    schema.safeParse(value === '' ? undefined : value).success
      ? Promise.resolve()
      : Promise.reject(new Error(message)),
});
