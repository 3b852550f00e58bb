import { useState, type ReactNode } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import {
  ConsoleErrorCode,
  parseErrorDetails,
  VerificationCode,
  type VerificationExpiredReason,
} from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { ApiRequestError } from '../../../lib/api-client';
import { describeError } from '../../../lib/errors';
import { useCountdown } from '../../../lib/use-countdown';
import type { VerificationRequest } from '../../../lib/verification';
import { confirmVerification } from '../api/confirm-verification';
import { startVerification } from '../api/start-verification';

export interface PhoneVerificationDialogProps {
  request: VerificationRequest;
  maskedPhone: string;
  /** "Confirm" or "OK", as the console generation names it. */
  confirmLabel: string;
  /** Rendered under the code field: the Demo inbox link in embedded mode. */
  extra?: ReactNode;
  /** The ticket, and the end of the session's step-up window (null when the window is off). */
  onVerified: (ticket: string, stepUpUntil: string | null) => void;
  onCancel: () => void;
}

/** Why the code in hand can no longer be used: the remedy is a new code. */
type Burnt = VerificationExpiredReason | 'attempts';

export function PhoneVerificationDialog({
  request,
  maskedPhone,
  confirmLabel,
  extra,
  onVerified,
  onCancel,
}: PhoneVerificationDialogProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ code: string }>();
  // Plain calls with local state rather than mutations: the dialog owns the whole exchange, and a
  // ticket has no business in a cache.
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [confirmError, setConfirmError] = useState<unknown>(null);
  const [verificationId, setVerificationId] = useState<string | null>(null);
  const [phone, setPhone] = useState(maskedPhone);
  const [resendAt, setResendAt] = useState<number | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [burnt, setBurnt] = useState<Burnt | null>(null);
  const secondsLeft = useCountdown(resendAt);

  const send = async () => {
    setCodeError(null);
    setSendError(null);
    setConfirmError(null);
    setSending(true);
    try {
      const sent = await startVerification({
        action: request.action,
        userName: request.userName,
        operator: request.operator,
        accessKeyId: request.accessKeyId,
      });
      setVerificationId(sent.verificationId);
      setBurnt(null);
      setPhone(sent.maskedPhone);
      setResendAt(Date.now() + sent.resendAfterSeconds * 1000);
      form.setFieldValue('code', '');
      form.focusField('code');
    } catch (error) {
      setSendError(error);
    } finally {
      setSending(false);
    }
  };

  const submit = async ({ code }: { code: string }) => {
    setCodeError(null);
    if (!verificationId) {
      setCodeError(t('verification.sendFirst'));
      return;
    }
    setConfirmError(null);
    setConfirming(true);
    try {
      const { ticket, stepUpUntil } = await confirmVerification({ verificationId, code });
      setConfirming(false);
      onVerified(ticket, stepUpUntil);
    } catch (error) {
      setConfirming(false);
      if (!(error instanceof ApiRequestError)) {
        setConfirmError(error);
      } else if (error.code === ConsoleErrorCode.VerificationCodeInvalid) {
        // The tries left come as `details.attemptsLeft` and read through i18next's plural rules.
        setCodeError(describeError(t, error).message);
      } else if (error.code === ConsoleErrorCode.VerificationExpired) {
        setVerificationId(null);
        const reason = parseErrorDetails(error.code, error.body.details)?.reason;
        setBurnt(reason ?? 'expired');
      } else if (error.code === ConsoleErrorCode.VerificationAttemptsExceeded) {
        setVerificationId(null);
        setBurnt('attempts');
      } else if (error.code === ConsoleErrorCode.ValidationFailed) {
        setCodeError(t('verification.codeFormat'));
      } else {
        setConfirmError(error);
      }
    }
  };

  // A burnt code: say why, and what to do now that agrees with the Send button beside it.
  const burntMessage = burnt
    ? `${t(`verification.burnt.${burnt}`)} ${
        secondsLeft > 0
          ? t('verification.sendNewIn', { count: secondsLeft })
          : t('verification.sendNew')
      }`
    : null;
  const fieldMessage = burntMessage ?? codeError;

  const sendLabel =
    secondsLeft > 0
      ? t('verification.resendIn', { count: secondsLeft })
      : verificationId || resendAt
        ? t('verification.resend')
        : t('verification.send');

  return (
    <Modal
      open
      title={t('verification.title')}
      onCancel={onCancel}
      mask={{ closable: false }}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onCancel}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="confirm"
          type="primary"
          loading={confirming}
          disabled={burnt !== null}
          onClick={form.submit}
        >
          {confirmLabel}
        </Button>,
      ]}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ margin: 0 }}>
          {t(`verification.purpose.${request.action}`, {
            user: request.userName ?? t('verification.account'),
            operator: request.operator ?? '',
          })}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item label={t('verification.phone')}>
            <Space wrap>
              <Typography.Text strong>{phone}</Typography.Text>
              <Button onClick={send} loading={sending} disabled={secondsLeft > 0}>
                {sendLabel}
              </Button>
            </Space>
          </Form.Item>
          <Form.Item
            name="code"
            label={t('verification.code')}
            validateStatus={fieldMessage ? 'error' : undefined}
            // Not `help`: its enter/leave animation can leave a replaced message invisible.
            extra={
              fieldMessage ? (
                <Typography.Text type="danger" role="alert" id="verification-code-error">
                  {fieldMessage}
                </Typography.Text>
              ) : undefined
            }
            rules={[
              { required: true, message: t('verification.codeRequired') },
              {
                validator: (_, v) =>
                  VerificationCode.safeParse(v).success || !v
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('verification.codeFormat'))),
              },
            ]}
          >
            <Input
              aria-describedby={fieldMessage ? 'verification-code-error' : undefined}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              placeholder={t('verification.codePlaceholder')}
            />
          </Form.Item>
        </Form>
        {verificationId && secondsLeft > 0 ? (
          <Alert type="info" showIcon role="status" title={t('verification.sent', { phone })} />
        ) : null}
        <ApiErrorAlert error={sendError} />
        <ApiErrorAlert error={confirmError} />
        {extra}
      </Space>
    </Modal>
  );
}
