import type { TFunction } from 'i18next';
import { ApiRequestError } from './api-client';

export interface DescribedError {
  code: string;
  message: string;
  requestId: string | null;
  ramRequestId: string | null;
}

/**
 * Puts an API error in words in the operator's language. Known console and RAM codes have their
 * own sentence; anything else falls back to the API's message. Request ids are kept for support.
 */
export function describeError(t: TFunction, error: unknown): DescribedError {
  if (error instanceof ApiRequestError) {
    const key = `errors.codes.${error.code.replace(/\./g, '_')}`;
    // Typed details (e.g. RamThrottled's retryAfterSeconds) fill the sentence's placeholders.
    const message = t(key, { defaultValue: '', ...error.body.details }) || error.body.message;
    return {
      code: error.code,
      message,
      requestId: error.body.requestId || null,
      ramRequestId: error.body.ramRequestId ?? null,
    };
  }
  return {
    code: 'Error',
    message: error instanceof Error ? error.message : String(error),
    requestId: null,
    ramRequestId: null,
  };
}
