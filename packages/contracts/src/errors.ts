import { z } from 'zod';

/** `RamThrottled`: how long to wait before trying again (also the Retry-After header). */
export const RamThrottledDetails = z.object({ retryAfterSeconds: z.number().int().min(1) });
export type RamThrottledDetails = z.infer<typeof RamThrottledDetails>;

/** Every console API error body. RAM errors keep RAM's code and HTTP status. */
export const ApiError = z.object({
  code: z.string(),
  message: z.string(),
  requestId: z.string(),
  /** RAM's RequestId when RAM answered. */
  ramRequestId: z.string().optional(),
  /** Field-level problems for a 400 (path → message). */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** For `CreateOutcomeUnknown`: keys that appeared although the create got no answer. */
  orphanAccessKeyIds: z.array(z.string()).optional(),
  /** Typed facts the UI puts in its translated sentence (see each code's details schema). */
  details: RamThrottledDetails.optional(),
});
export type ApiError = z.infer<typeof ApiError>;

/** Console-side error codes (RAM codes pass through as they are). */
export const ConsoleErrorCode = {
  ValidationFailed: 'ValidationFailed',
  Unauthenticated: 'Unauthenticated',
  Forbidden: 'Forbidden',
  CsrfTokenInvalid: 'CsrfTokenInvalid',
  VerificationRequired: 'VerificationRequired',
  VerificationCodeInvalid: 'VerificationCodeInvalid',
  VerificationExpired: 'VerificationExpired',
  VerificationAttemptsExceeded: 'VerificationAttemptsExceeded',
  VerificationResendTooSoon: 'VerificationResendTooSoon',
  VerificationSendLimitExceeded: 'VerificationSendLimitExceeded',
  InvalidCredentials: 'InvalidCredentials',
  AccountLocked: 'AccountLocked',
  NotFound: 'NotFound',
  Conflict: 'Conflict',
  RateLimited: 'RateLimited',
  CreateOutcomeUnknown: 'CreateOutcomeUnknown',
  RamUnavailable: 'RamUnavailable',
  /** RAM answered Throttling / Throttling.User (429; details: RamThrottledDetails). */
  RamThrottled: 'RamThrottled',
  /** The SMS provider did not send the code (Dysmsapi business errors keep their own code). */
  SmsUnavailable: 'SmsUnavailable',
  PayloadTooLarge: 'PayloadTooLarge',
  /** 421: the Host header does not name the console's public origin (PUBLIC_URL). */
  MisdirectedRequest: 'MisdirectedRequest',
  UnsupportedMediaType: 'UnsupportedMediaType',
  InternalError: 'InternalError',
} as const;
export type ConsoleErrorCode = (typeof ConsoleErrorCode)[keyof typeof ConsoleErrorCode];
