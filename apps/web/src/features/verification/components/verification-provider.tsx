import { useCallback, useRef, useState, type ReactNode } from 'react';
import {
  VerificationContext,
  type RequestTicket,
  type VerificationRequest,
} from '../../../lib/verification';
import { PhoneVerificationDialog } from './phone-verification-dialog';

/** Lets any page ask `await requestTicket({action, userName})` and get a ticket or null. */
export function VerificationProvider({
  maskedPhone,
  extra,
  children,
}: {
  maskedPhone: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const [request, setRequest] = useState<VerificationRequest | null>(null);
  const resolveRef = useRef<((ticket: string | null) => void) | null>(null);

  const requestTicket = useCallback<RequestTicket>(
    (next) =>
      new Promise((resolve) => {
        resolveRef.current?.(null);
        resolveRef.current = resolve;
        setRequest(next);
      }),
    [],
  );

  const finish = (ticket: string | null) => {
    resolveRef.current?.(ticket);
    resolveRef.current = null;
    setRequest(null);
  };

  return (
    <VerificationContext.Provider value={requestTicket}>
      {children}
      {request ? (
        <PhoneVerificationDialog
          request={request}
          maskedPhone={maskedPhone}
          extra={extra}
          onVerified={finish}
          onCancel={() => finish(null)}
        />
      ) : null}
    </VerificationContext.Provider>
  );
}
