import { useState } from 'react';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import {
  ConsoleErrorCode,
  Phone,
  VerificationCode,
  type Operator,
  type StartVerificationResponse,
} from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { ApiRequestError } from '../../../lib/api-client';
import { describeError } from '../../../lib/errors';
import { useRequestTicket } from '../../../lib/verification';
import { zodRule } from '../../../lib/zod-rule';
import { startPhoneChange, useConfirmPhoneChange } from '../api/operator-credentials';

// Codes after which the code in hand is dead: start again with a new number (or the same one).
const BURNT = new Set<string>([
  ConsoleErrorCode.VerificationExpired,
  ConsoleErrorCode.VerificationAttemptsExceeded,
  ConsoleErrorCode.NotFound,
]);

/**
 * A new phone for an operator, in two steps: the admin's own phone verification (the verified
 * action ChangeOperatorPhone), then the code sent to the NEW number, which proves it. The phone
 * changes only then; the old number is told.
 */
export function ChangePhoneDialog({
  operator,
  onClose,
}: {
  operator: Operator;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const requestTicket = useRequestTicket();
  const confirm = useConfirmPhoneChange();
  const [phoneForm] = Form.useForm<{ phone: string }>();
  const [codeForm] = Form.useForm<{ code: string }>();
  const [sent, setSent] = useState<StartVerificationResponse | null>(null);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<unknown>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [burnt, setBurnt] = useState(false);

  const send = async ({ phone }: { phone: string }) => {
    setSendError(null);
    const ticket = await requestTicket({
      action: 'ChangeOperatorPhone',
      operator: operator.username,
    });
    if (ticket === null) return;
    setSending(true);
    try {
      setSent(await startPhoneChange({ username: operator.username, phone, ticket }));
      setBurnt(false);
      setCodeError(null);
    } catch (e) {
      setSendError(e);
    } finally {
      setSending(false);
    }
  };

  const submitCode = async ({ code }: { code: string }) => {
    if (!sent) return;
    setCodeError(null);
    try {
      await confirm.mutateAsync({
        username: operator.username,
        verificationId: sent.verificationId,
        code,
      });
      void message.success(t('operators.phoneChanged', { username: operator.username }));
      onClose();
    } catch (e) {
      if (e instanceof ApiRequestError && e.code === ConsoleErrorCode.VerificationCodeInvalid) {
        setCodeError(describeError(t, e).message);
        confirm.reset();
      } else if (e instanceof ApiRequestError && BURNT.has(e.code)) {
        setBurnt(true);
        confirm.reset();
      }
    }
  };

  const codeMessage = burnt ? t('operators.phoneCodeBurnt') : codeError;

  return (
    <Modal
      open
      title={t('operators.changePhoneTitle', { username: operator.username })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        sent && !burnt ? (
          <Button
            key="confirm"
            type="primary"
            loading={confirm.isPending}
            onClick={codeForm.submit}
          >
            {t('verification.confirm')}
          </Button>
        ) : (
          <Button key="send" type="primary" loading={sending} onClick={phoneForm.submit}>
            {t('operators.sendToNewPhone')}
          </Button>
        ),
      ]}
    >
      <Typography.Paragraph>
        {t('operators.changePhoneIntro', { phone: operator.maskedPhone })}
      </Typography.Paragraph>
      <Form form={phoneForm} layout="vertical" onFinish={(v) => void send(v)}>
        <Form.Item
          name="phone"
          label={t('operators.newPhone')}
          rules={[zodRule(Phone, t('validation.phone'), true)]}
        >
          <Input autoComplete="off" inputMode="tel" disabled={!!sent && !burnt} />
        </Form.Item>
      </Form>
      <ApiErrorAlert error={sendError} />
      {sent ? (
        <Form form={codeForm} layout="vertical" onFinish={(v) => void submitCode(v)}>
          <Typography.Paragraph role="status">
            {t('operators.newPhoneCodeSent', { phone: sent.maskedPhone })}
          </Typography.Paragraph>
          <Form.Item
            name="code"
            label={t('operators.newPhoneCode')}
            validateStatus={codeMessage ? 'error' : undefined}
            extra={
              codeMessage ? (
                <Typography.Text type="danger" role="alert">
                  {codeMessage}
                </Typography.Text>
              ) : undefined
            }
            rules={[zodRule(VerificationCode, t('verification.codeFormat'), true)]}
          >
            <Input
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              disabled={burnt}
            />
          </Form.Item>
        </Form>
      ) : null}
      <ApiErrorAlert error={confirm.error} />
    </Modal>
  );
}
