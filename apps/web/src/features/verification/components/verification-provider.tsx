import { useCallback, useRef, useState, type ReactNode } from 'react';
import {
  COVERED_BY_STEP_UP,
  STEP_UP_ACTIONS,
  VerificationContext,
  type RequestTicket,
  type VerificationRequest,
} from '../../../lib/verification';
import { useQueryClient } from '@tanstack/react-query';
import { meQueryKey } from '../../auth/api/get-me';
import { AddPhoneDialog } from './add-phone-dialog';
import { PhoneVerificationDialog } from './phone-verification-dialog';

/** Leave the window this much before it closes on the server, rather than race its end. */
const STEP_UP_MARGIN_MS = 30_000;

/**
 * Lets any page ask `await requestTicket({action, userName})` and get a ticket, COVERED_BY_STEP_UP
 * (the session's step-up window covers the action: no dialog), or null.
 */
export function VerificationProvider({
  maskedPhone,
  phoneMissing = false,
  stepUpUntil: initialStepUpUntil,
  confirmLabel,
  extra,
  children,
}: {
  maskedPhone: string;
  /** No phone yet (an SSO operator without a verified claim): add one before the first code. */
  phoneMissing?: boolean | undefined;
  /** From GET /api/auth/me: the session's open step-up window, if any. */
  stepUpUntil?: string | null | undefined;
  /** The dialog's Confirm button in this console generation's words (Confirm / OK). */
  confirmLabel: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const [request, setRequest] = useState<VerificationRequest | null>(null);
  const resolveRef = useRef<((ticket: string | null) => void) | null>(null);
  const stepUpUntil = useRef<number>(initialStepUpUntil ? Date.parse(initialStepUpUntil) : 0);
  const [addedPhone, setAddedPhone] = useState<string | null>(null);
  const queryClient = useQueryClient();

  const requestTicket = useCallback<RequestTicket>(
    (next) =>
      new Promise((resolve) => {
        if (
          STEP_UP_ACTIONS.has(next.action) &&
          stepUpUntil.current - STEP_UP_MARGIN_MS > Date.now()
        ) {
          resolve(COVERED_BY_STEP_UP);
          return;
        }
        resolveRef.current?.(null);
        resolveRef.current = resolve;
        setRequest(next);
      }),
    [],
  );

  const finish = (ticket: string | null, until?: string | null) => {
    if (until) stepUpUntil.current = Date.parse(until);
    resolveRef.current?.(ticket);
    resolveRef.current = null;
    setRequest(null);
  };

  return (
    <VerificationContext.Provider value={requestTicket}>
      {children}
      {request && phoneMissing && addedPhone === null ? (
        <AddPhoneDialog
          extra={extra}
          onAdded={(masked) => {
            // The verification of the action asked for follows, to the phone just added.
            setAddedPhone(masked);
            void queryClient.invalidateQueries({ queryKey: meQueryKey });
          }}
          onCancel={() => finish(null)}
        />
      ) : request ? (
        <PhoneVerificationDialog
          request={request}
          maskedPhone={addedPhone ?? maskedPhone}
          confirmLabel={confirmLabel}
          extra={extra}
          onVerified={finish}
          onCancel={() => finish(null)}
        />
      ) : null}
    </VerificationContext.Provider>
  );
}
