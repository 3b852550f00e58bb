import {
  ConsoleErrorCatalog,
  ConsoleErrorCode,
  type ConsoleErrorDetails,
  type ForbiddenReason,
  type VerificationRequiredReason,
} from '@ram-console/contracts';

export interface ApiHttpErrorExtra {
  ramRequestId?: string;
  orphanAccessKeyIds?: string[];
  issues?: { path: string; message: string }[];
  headers?: Record<string, string>;
  /** Typed per code in packages/contracts (ConsoleErrorCatalog). */
  details?: Record<string, unknown>;
}

/**
 * The one error type handlers throw. Its message is written for the operator and is always shown,
 * also for 5xx (unlike unexpected errors, whose message the error handler hides). RAM's own errors
 * use it directly (RAM's code and status); the console's own codes go through ConsoleError.
 */
export class ApiHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: ApiHttpErrorExtra = {},
  ) {
    super(message);
    this.name = 'ApiHttpError';
  }
}

type Extra = Omit<ApiHttpErrorExtra, 'details'>;
type DetailsArgs<C extends ConsoleErrorCode> =
  ConsoleErrorDetails<C> extends undefined
    ? [details?: undefined, extra?: Extra]
    : [details: ConsoleErrorDetails<C>, extra?: Extra];

/**
 * A console error from the contracts' vocabulary: the status comes from the catalog, the details
 * are typed per code, and `retryAfterSeconds` also becomes a `retry-after` header.
 *
 *   throw new ConsoleError('VerificationCodeInvalid', 'The code is not correct', { attemptsLeft: 3 })
 */
export class ConsoleError<C extends ConsoleErrorCode = ConsoleErrorCode> extends ApiHttpError {
  constructor(code: C, message: string, ...[details, extra]: DetailsArgs<C>) {
    const d = details as Record<string, unknown> | undefined;
    const retry = d?.retryAfterSeconds;
    super(ConsoleErrorCatalog[code].status, code, message, {
      ...extra,
      ...(d ? { details: d } : {}),
      ...(typeof retry === 'number'
        ? { headers: { ...extra?.headers, 'retry-after': String(retry) } }
        : {}),
    });
    this.name = 'ConsoleError';
  }
}

export const unauthenticated = () =>
  new ConsoleError(ConsoleErrorCode.Unauthenticated, 'Sign in to continue');
export const forbidden = (
  message = 'You are not allowed to do this',
  reason: ForbiddenReason = 'adminOnly',
) => new ConsoleError(ConsoleErrorCode.Forbidden, message, { reason });
export const notFound = (message: string) => new ConsoleError(ConsoleErrorCode.NotFound, message);
export const verificationRequired = (reason: VerificationRequiredReason = 'missing') =>
  new ConsoleError(
    ConsoleErrorCode.VerificationRequired,
    reason === 'invalid'
      ? 'The verification ticket is not valid for this action (used, expired or for another target); verify your phone again'
      : 'Phone verification is required for this action',
    { reason },
  );
export const validationFailed = (path: string, message: string) =>
  new ConsoleError(ConsoleErrorCode.ValidationFailed, message, undefined, {
    issues: [{ path, message }],
  });
