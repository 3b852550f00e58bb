import { createContext, useContext } from 'react';
import type { VerifiedAction } from '@ram-console/contracts';

export interface VerificationRequest {
  action: VerifiedAction;
  /** RAM-user actions; omitted: the account's own AccessKeys. */
  userName?: string | undefined;
  /** Operator actions: the operator acted upon (for CreateOperator, the new username). */
  operator?: string | undefined;
  /** Actions on one AccessKey: the ticket is then good for that key only. */
  accessKeyId?: string | undefined;
}

/**
 * What requestTicket resolves with when the session's step-up window (STEP_UP_WINDOW_MINUTES)
 * covers the action: send the request without a ticket.
 */
export const COVERED_BY_STEP_UP = '';

/**
 * Literal copy of the contracts' STEP_UP_ACTIONS (a unit test pins it): this module is in the
 * console shell's chunk, which should not carry zod.
 */
export const STEP_UP_ACTIONS: ReadonlySet<string> = new Set([
  'CreateAccessKey',
  'EnableAccessKey',
  'DeleteAccessKey',
  'DeleteUser',
  'RestoreAccessKey',
  'PurgeAccessKey',
  'RestoreUser',
  'PurgeUser',
]);

/**
 * Opens the Phone Verification dialog; resolves with a ticket, COVERED_BY_STEP_UP, or null if the
 * operator gave up. Compare with null: the step-up answer is an empty string.
 */
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
