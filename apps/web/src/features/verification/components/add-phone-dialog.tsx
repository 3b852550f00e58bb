import { useState, type ReactNode } from 'react';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { Phone, VerificationCode } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { confirmAddOwnPhone, startAddOwnPhone } from '../api/add-own-phone';

/**
 * Before the first verified action of an operator without a phone (an SSO operator whose identity
 * provider sent no verified `phone_number`): they add one, confirmed by a code sent to it. Then the
 * usual Phone Verification dialog follows for the action asked for.
 */
export function AddPhoneDialog({
  extra,
  onAdded,
  onCancel,
}: {
  /** The Demo inbox button in embedded mode. */
  extra?: ReactNode;
  /** The new phone, masked as the API shows it. */
  onAdded: (maskedPhone: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ phone: string; code: string }>();
  const [sent, setSent] = useState<{ verificationId: string; maskedPhone: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const send = async () => {
    const { phone } = await form.validateFields(['phone']);
    setError(null);
    setBusy(true);
    try {
      const started = await startAddOwnPhone(phone);
      setSent({ verificationId: started.verificationId, maskedPhone: started.maskedPhone });
      form.focusField('code');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async ({ code }: { code: string }) => {
    if (!sent) return;
    setError(null);
    setBusy(true);
    try {
      await confirmAddOwnPhone(sent.verificationId, code);
      setBusy(false);
      onAdded(sent.maskedPhone);
    } catch (e) {
      setBusy(false);
      setError(e);
    }
  };

  return (
    <Modal
      open
      title={t('addPhone.title')}
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
          loading={busy && sent !== null}
          disabled={!sent}
          onClick={form.submit}
        >
          {t('addPhone.confirm')}
        </Button>,
      ]}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ margin: 0 }}>{t('addPhone.intro')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={confirm}>
          <Form.Item
            name="phone"
            label={t('addPhone.phone')}
            rules={[
              { required: true, message: t('addPhone.phoneRequired') },
              {
                validator: (_, v) =>
                  !v || Phone.safeParse(v).success
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('addPhone.phoneFormat'))),
              },
            ]}
          >
            <Input inputMode="tel" autoComplete="tel" placeholder="+8613800000000" />
          </Form.Item>
          <Form.Item>
            <Button onClick={send} loading={busy && sent === null}>
              {sent ? t('verification.resend') : t('verification.send')}
            </Button>
          </Form.Item>
          <Form.Item
            name="code"
            label={t('verification.code')}
            rules={[
              { required: true, message: t('verification.codeRequired') },
              {
                validator: (_, v) =>
                  !v || VerificationCode.safeParse(v).success
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('verification.codeFormat'))),
              },
            ]}
          >
            <Input
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              disabled={!sent}
              placeholder={t('verification.codePlaceholder')}
            />
          </Form.Item>
        </Form>
        {sent ? (
          <Typography.Text role="status">
            {t('verification.sent', { phone: sent.maskedPhone })}
          </Typography.Text>
        ) : null}
        <ApiErrorAlert error={error} />
        {extra}
      </Space>
    </Modal>
  );
}
