import {
  ConfirmVerificationResponse,
  type ConfirmVerificationRequest,
} from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

/** Trades the code for a single-use ticket bound to this session, action and user. */
export const confirmVerification = ({
  verificationId,
  ...body
}: ConfirmVerificationRequest & { verificationId: string }) =>
  api(`/api/verifications/${encodeURIComponent(verificationId)}/confirm`, {
    method: 'POST',
    body,
    schema: ConfirmVerificationResponse,
  });
