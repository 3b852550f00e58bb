import { createContext, useContext } from 'react';
import type { VerifiedAction } from '@ram-console/contracts';

export interface VerificationRequest {
  action: VerifiedAction;
  /** Omitted: the account's own AccessKeys. */
  userName?: string | undefined;
}

/** Opens the Phone Verification dialog; resolves with a ticket, or null if the operator gave up. */
export type RequestTicket = (request: VerificationRequest) => Promise<string | null>;

/**
 * Shared so any feature can ask for a ticket without importing the verification feature: the app
 * layer provides the implementation (features/verification) around the routes.
 */
export const VerificationContext = createContext<RequestTicket | null>(null);

export function useRequestTicket(): RequestTicket {
  const requestTicket = useContext(VerificationContext);
  if (!requestTicket) throw new Error('useRequestTicket needs a VerificationProvider');
  return requestTicket;
}
