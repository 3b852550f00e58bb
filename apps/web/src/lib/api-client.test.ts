import { describe, expect, it } from 'vitest';
import * as contracts from '@ram-console/contracts';
import { asApiError, CSRF_HEADER, VERIFICATION_TICKET_HEADER } from './api-client';

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
    };
    expect(asApiError(body)).toEqual(contracts.ApiError.parse(body));
    expect(asApiError({ error: 'Not Found' })).toBeNull();
    expect(asApiError(null)).toBeNull();
  });
});
