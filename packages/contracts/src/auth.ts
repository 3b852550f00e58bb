import { z } from 'zod';

export const OperatorRole = z.enum(['admin', 'member']);
export type OperatorRole = z.infer<typeof OperatorRole>;

export const LoginRequest = z.object({
  username: z.string().min(1, 'Username is required').max(64),
  password: z.string().min(1, 'Password is required').max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ConsoleMode = z.enum(['emulator', 'alibaba-cloud']);
export type ConsoleMode = z.infer<typeof ConsoleMode>;

export const Me = z.object({
  operator: z.object({
    username: z.string(),
    role: OperatorRole,
    /** Members only: the one RAM user they manage. */
    ramUserName: z.string().nullable(),
    maskedPhone: z.string(),
  }),
  csrfToken: z.string(),
  mode: ConsoleMode,
  accountAlias: z.string(),
  accountId: z.string(),
});
export type Me = z.infer<typeof Me>;
