import { StartVerificationResponse } from '@ram-console/contracts';
import { z } from 'zod';
import { api } from '../../../lib/api-client';

/** An operator without a phone (SSO, no verified claim) adds one: a code goes to it. */
export const startAddOwnPhone = (phone: string) =>
  api('/api/auth/phone', { method: 'POST', body: { phone }, schema: StartVerificationResponse });

/** The code the new phone received: the phone is the operator's from now on. */
export const confirmAddOwnPhone = (verificationId: string, code: string) =>
  api(`/api/auth/phone/${encodeURIComponent(verificationId)}/confirm`, {
    method: 'POST',
    body: { code },
    schema: z.object({ phoneMissing: z.boolean() }),
  });
