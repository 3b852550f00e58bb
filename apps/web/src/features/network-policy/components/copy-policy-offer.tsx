import { useState } from 'react';
import App from 'antd/es/app';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { useRequestTicket } from '../../../lib/verification';
import { useNetworkPolicy, useSaveNetworkPolicy } from '../api/network-policy';

/**
 * The rotation wizard's offer: the old key has a network restriction of its own, the new key not
 * yet the same one. Copy it (a verified save of the new key's policy) before the callers switch,
 * or the new key would be usable from anywhere the old one was not.
 */
export function CopyPolicyOffer({
  userName,
  fromAccessKeyId,
  toAccessKeyId,
}: {
  userName: string;
  fromAccessKeyId: string;
  toAccessKeyId: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const requestTicket = useRequestTicket();
  const from = useNetworkPolicy({ userName, accessKeyId: fromAccessKeyId });
  const to = useNetworkPolicy({ userName, accessKeyId: toAccessKeyId });
  const save = useSaveNetworkPolicy({ userName, accessKeyId: toAccessKeyId });
  const [error, setError] = useState<unknown>(null);

  if (from.error || to.error) return <ApiErrorAlert error={from.error ?? to.error} />;
  if (!from.data || !to.data) return null;
  // Nothing of its own to copy: the account's policy (if any) covers both keys alike.
  if (!from.data.configured || from.data.status !== 'Active') return null;
  const same =
    to.data.status === from.data.status &&
    to.data.allowedIps.join('\n') === from.data.allowedIps.join('\n');
  if (same) {
    return <Alert type="success" showIcon role="status" title={t('networkPolicy.copyDone')} />;
  }

  const copy = async () => {
    setError(null);
    const ticket = await requestTicket({
      action: 'SetAccessKeyNetworkPolicy',
      userName,
      accessKeyId: toAccessKeyId,
    });
    if (ticket === null) return;
    try {
      await save.mutateAsync({
        body: { status: from.data.status, allowedIps: from.data.allowedIps },
        ticket: ticket || undefined,
      });
      void message.success(t('networkPolicy.copied', { id: toAccessKeyId }));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Alert
        type="warning"
        showIcon
        role="status"
        title={t('networkPolicy.copyOffer', { count: from.data.allowedIps.length })}
        description={<Typography.Text code>{from.data.allowedIps.join(', ')}</Typography.Text>}
      />
      <ApiErrorAlert error={error} onDismiss={() => setError(null)} />
      <Button loading={save.isPending} onClick={() => void copy()}>
        {t('networkPolicy.copy')}
      </Button>
    </Space>
  );
}
