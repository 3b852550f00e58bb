import { describe, expect, it } from 'vitest';
import * as contracts from '@ram-console/contracts';
import { asApiError, CSRF_HEADER, VERIFICATION_TICKET_HEADER } from './api-client';
import { errorParams } from './errors';
import { STEP_UP_ACTIONS } from './verification';

describe('api client', () => {
  it('uses the contracts header names', () => {
    expect(CSRF_HEADER).toBe(contracts.CSRF_HEADER);
    expect(VERIFICATION_TICKET_HEADER).toBe(contracts.VERIFICATION_TICKET_HEADER);
  });

  it('reads an ApiError body the way the contracts schema does', () => {
    const body = {
      code: 'CreateOutcomeUnknown',
      message: 'RAM did not answer',
      requestId: 'req-1',
      ramRequestId: 'RAM-1',
      orphanAccessKeyIds: ['LTAI1'],
      details: { reason: 'x' },
    };
    expect(asApiError(body)).toEqual(contracts.ApiError.parse(body));
    expect(asApiError({ error: 'Not Found' })).toBeNull();
    expect(asApiError(null)).toBeNull();
  });

  it('knows the step-up actions the API knows', () => {
    expect([...STEP_UP_ACTIONS].sort()).toEqual([...contracts.STEP_UP_ACTIONS].sort());
  });

  it('turns error details into i18next values: plural count, minutes, reason as context', () => {
    expect(errorParams({ attemptsLeft: 3 })).toEqual({ attemptsLeft: 3, count: 3 });
    expect(errorParams({ retryAfterSeconds: 61, limit: 5 })).toEqual({
      retryAfterSeconds: 61,
      limit: 5,
      count: 61,
      minutes: 2,
    });
    expect(errorParams({ reason: 'lastAdmin' })).toEqual({
      reason: 'lastAdmin',
      context: 'lastAdmin',
    });
    expect(errorParams(undefined)).toEqual({});
  });
});
