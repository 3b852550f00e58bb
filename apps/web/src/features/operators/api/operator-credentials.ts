import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  OperatorResponse,
  StartVerificationResponse,
  type ResetOperatorPasswordRequest,
} from '@ram-console/contracts';
import { api } from '../../../lib/api-client';

const base = (username: string) => `/api/operators/${encodeURIComponent(username)}`;

/** A verified action (ResetOperatorPassword bound to this operator). */
export const resetOperatorPassword = ({
  username,
  ticket,
  ...body
}: ResetOperatorPasswordRequest & { username: string; ticket: string }) =>
  api(`${base(username)}/password`, {
    method: 'PUT',
    body,
    ticket,
    schema: OperatorResponse,
  });

/** First half of a phone change (ticket ChangeOperatorPhone): a code goes to the new number. */
export const startPhoneChange = ({
  username,
  phone,
  ticket,
}: {
  username: string;
  phone: string;
  ticket: string;
}) =>
  api(`${base(username)}/phone-change`, {
    method: 'POST',
    body: { phone },
    ticket,
    schema: StartVerificationResponse,
  });

/** Second half: the code the new number received. The phone changes now. */
export const confirmPhoneChange = ({
  username,
  verificationId,
  code,
}: {
  username: string;
  verificationId: string;
  code: string;
}) =>
  api(`${base(username)}/phone-change/${encodeURIComponent(verificationId)}/confirm`, {
    method: 'POST',
    body: { code },
    schema: OperatorResponse,
  });

export function useResetOperatorPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resetOperatorPassword,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['operators'] }),
  });
}

export function useConfirmPhoneChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: confirmPhoneChange,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['operators'] }),
  });
}
