import { ConsoleErrorCode } from '@ram-console/contracts';

/**
 * The one error type handlers throw. Its message is written for the operator and is always shown,
 * also for 5xx (unlike unexpected errors, whose message the error handler hides).
 */
export class ApiHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: {
      ramRequestId?: string;
      orphanAccessKeyIds?: string[];
      issues?: { path: string; message: string }[];
      headers?: Record<string, string>;
      details?: { retryAfterSeconds: number };
    } = {},
  ) {
    super(message);
    this.name = 'ApiHttpError';
  }
}

export const unauthenticated = () =>
  new ApiHttpError(401, ConsoleErrorCode.Unauthenticated, 'Sign in to continue');
export const forbidden = (message = 'You are not allowed to do this') =>
  new ApiHttpError(403, ConsoleErrorCode.Forbidden, message);
export const notFound = (message: string) =>
  new ApiHttpError(404, ConsoleErrorCode.NotFound, message);
export const verificationRequired = (message = 'Phone verification is required for this action') =>
  new ApiHttpError(403, ConsoleErrorCode.VerificationRequired, message);
