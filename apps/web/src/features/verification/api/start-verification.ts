import { StartVerificationResponse, type StartVerificationRequest } from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

/** Sends a verification code to the operator's phone for one action. */
export const startVerification = (body: StartVerificationRequest) =>
  api('/api/verifications', { method: 'POST', body, schema: StartVerificationResponse });
