import Alert from 'antd/es/alert';
import Drawer from 'antd/es/drawer';
import Spin from 'antd/es/spin';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { formatDateTime } from '../../../lib/format';
import { maskPhone } from '../../../lib/phone';
import { useDemoInbox } from '../api/get-demo-inbox';

/**
 * Embedded mode only: the SMS messages the emulator "sent" to the signed-in operator's phone, so a
 * newcomer can finish a verification with no phone at all.
 */
export function DemoInboxDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('demoInbox.title')}
      size={380}
      zIndex={1100}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        role="note"
        title={t('demoInbox.explain')}
        style={{ marginBottom: 16 }}
      />
      {open ? <DemoInboxMessages /> : null}
    </Drawer>
  );
}

function DemoInboxMessages() {
  const { t } = useTranslation();
  const inbox = useDemoInbox();
  if (inbox.isPending) return <Spin aria-label={t('common.loading')} />;
  const messages = inbox.data?.messages ?? [];
  return (
    <>
      <ApiErrorAlert error={inbox.error} onRetry={() => void inbox.refetch()} />
      {messages.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('demoInbox.empty')}</Typography.Paragraph>
      ) : (
        <ul aria-label={t('demoInbox.messages')} style={{ listStyle: 'none', padding: 0 }}>
          {messages.map((m, i) => (
            <li
              key={`${m.sentAt}-${m.code}`}
              aria-label={t('demoInbox.codeLabel', { code: m.code })}
              style={{ borderBottom: '1px solid #f0f0f0', padding: '12px 0' }}
            >
              <div>
                {t('demoInbox.code')}{' '}
                <Typography.Text code strong>
                  {m.code}
                </Typography.Text>
                {i === 0 ? (
                  <Typography.Text strong> · {t('demoInbox.newest')}</Typography.Text>
                ) : null}
              </div>
              <Typography.Text type="secondary">
                {t('demoInbox.sentTo', {
                  phone: maskPhone(m.phone),
                  time: formatDateTime(m.sentAt),
                })}
              </Typography.Text>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
