import { z } from 'zod';

export const OperatorRole = z.enum(['admin', 'member']);
export type OperatorRole = z.infer<typeof OperatorRole>;

/** Where an operator comes from: the console's own list, or the identity provider (SSO, no password). */
export const OperatorSource = z.enum(['local', 'sso']);
export type OperatorSource = z.infer<typeof OperatorSource>;

export const OperatorPassword = z
  .string()
  .min(12, 'Password must be at least 12 characters')
  .max(256, 'Password must be at most 256 characters');

export const LoginRequest = z.object({
  username: z.string().min(1, 'Username is required').max(64),
  password: z.string().min(1, 'Password is required').max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ConsoleMode = z.enum(['emulator', 'alibaba-cloud']);
export type ConsoleMode = z.infer<typeof ConsoleMode>;

/**
 * Which generation of Alibaba's console the UI follows word for word (CONSOLE_FLOW): the Security
 * Tips dialog (seeds 000-002), the Note dialog (seed 003) or today's console (seed 004).
 */
export const ConsoleFlow = z.enum(['security-tips', 'note', 'current']);
export type ConsoleFlow = z.infer<typeof ConsoleFlow>;

export const Me = z.object({
  operator: z.object({
    username: z.string(),
    role: OperatorRole,
    /** Members only: the one RAM user they manage. */
    ramUserName: z.string().nullable(),
    maskedPhone: z.string(),
    /** The session may only change the password (POST /api/auth/password) until it does. */
    mustChangePassword: z.boolean(),
    /** `sso`: signed in through the identity provider; no console password to change. */
    source: OperatorSource,
    /** No phone yet (an SSO operator whose provider sent no verified one): add one first. */
    phoneMissing: z.boolean(),
  }),
  csrfToken: z.string(),
  /** The step-up window of this session (STEP_UP_WINDOW_MINUTES), or null when none is open. */
  stepUpUntil: z.string().nullable(),
  mode: ConsoleMode,
  flow: ConsoleFlow,
  accountAlias: z.string(),
  accountId: z.string(),
});
export type Me = z.infer<typeof Me>;

/** POST /api/auth/password: one's own password; the current one is asked for. */
export const ChangeOwnPasswordRequest = z.object({
  currentPassword: z.string().min(1, 'Enter your current password').max(256),
  newPassword: OperatorPassword,
});
export type ChangeOwnPasswordRequest = z.infer<typeof ChangeOwnPasswordRequest>;

/** One of the signed-in operator's sessions (GET /api/auth/sessions). */
export const SessionInfo = z.object({
  /** A random id of its own: never the session cookie or its hash. */
  id: z.string(),
  /** The session this request came with. */
  current: z.boolean(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const ListSessionsResponse = z.object({ sessions: z.array(SessionInfo) });
export type ListSessionsResponse = z.infer<typeof ListSessionsResponse>;

export const SessionParams = z.object({ id: z.uuid() });
