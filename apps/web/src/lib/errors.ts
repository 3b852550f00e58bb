import type { TFunction } from 'i18next';
import { ApiRequestError } from './api-client';

export interface DescribedError {
  code: string;
  message: string;
  requestId: string | null;
  ramRequestId: string | null;
}

/**
 * The interpolation values of an error's `details` (typed per code in packages/contracts): the
 * values themselves, `count` for i18next's plural rules (tries left, seconds to wait), `minutes`,
 * and `context` = the reason enum, so `errors.codes.<Code>_<reason>` is the reason's sentence.
 */
export function errorParams(details: Record<string, unknown> | undefined): Record<string, unknown> {
  const d = details ?? {};
  const count =
    typeof d.attemptsLeft === 'number'
      ? d.attemptsLeft
      : typeof d.retryAfterSeconds === 'number'
        ? d.retryAfterSeconds
        : undefined;
  return {
    ...d,
    ...(count !== undefined ? { count } : {}),
    ...(typeof d.retryAfterSeconds === 'number'
      ? { minutes: Math.ceil(d.retryAfterSeconds / 60) }
      : {}),
    ...(typeof d.reason === 'string' ? { context: d.reason } : {}),
  };
}

/** A console or RAM error code in words (no details): e.g. the failure reason of an audit row. */
export function describeCode(t: TFunction, code: string): string {
  return t(`errors.codes.${code.replace(/\./g, '_')}`, { defaultValue: '' }) || code;
}

/**
 * Puts an API error in words in the operator's language: `t('errors.codes.<code>', details)`.
 * Known console and RAM codes have their own sentence; anything else falls back to the API's
 * message. No English from the API is parsed. Request ids are kept for support.
 */
export function describeError(t: TFunction, error: unknown): DescribedError {
  if (error instanceof ApiRequestError) {
    const key = `errors.codes.${error.code.replace(/\./g, '_')}`;
    const message =
      t(key, { ...errorParams(error.body.details), defaultValue: '' }) || error.body.message;
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
