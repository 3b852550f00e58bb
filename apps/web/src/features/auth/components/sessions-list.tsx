import App from 'antd/es/app';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { EmptyText } from '../../../components/empty-text';
import { formatDateTime } from '../../../lib/format';
import { useEndSession, useSessions } from '../api/sessions';

/** The signed-in operator's sessions: where and when each was used; end any of them. */
export function SessionsList({ onSignedOut }: { onSignedOut: () => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const sessions = useSessions();
  const end = useEndSession();

  const askEnd = (s: SessionInfo) =>
    modal.confirm({
      title: s.current ? t('sessions.endCurrentTitle') : t('sessions.endTitle'),
      content: s.current ? t('sessions.endCurrentBody') : t('sessions.endBody'),
      okText: t('sessions.end'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await end.mutateAsync({ id: s.id, current: s.current });
          if (s.current) onSignedOut();
          else void message.success(t('sessions.ended'));
        } catch {
          // Shown above the table.
        }
      },
    });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('sessions.intro')}
      </Typography.Paragraph>
      <ApiErrorAlert error={sessions.error ?? end.error} />
      <Table<SessionInfo>
        rowKey="id"
        size="middle"
        aria-label={t('sessions.table')}
        loading={sessions.isLoading}
        dataSource={sessions.data?.sessions ?? []}
        pagination={false}
        locale={{ emptyText: <EmptyText>{t('sessions.empty')}</EmptyText> }}
        columns={[
          {
            title: t('sessions.browser'),
            dataIndex: 'userAgent',
            render: (ua: string | null, s) => (
              <Space size="small" wrap>
                <Typography.Text>
                  {describeBrowser(ua) ?? t('sessions.unknownBrowser')}
                </Typography.Text>
                {s.current ? <Tag color="blue">{t('sessions.current')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('sessions.ip'), dataIndex: 'ip' },
          {
            title: t('sessions.signedIn'),
            dataIndex: 'createdAt',
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('sessions.lastSeen'),
            dataIndex: 'lastSeenAt',
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, s) => (
              <Button
                type="link"
                danger
                size="small"
                aria-label={
                  s.current
                    ? t('sessions.endCurrentNamed')
                    : t('sessions.endNamed', {
                        browser: describeBrowser(s.userAgent) ?? s.ip ?? '',
                        time: formatDateTime(s.lastSeenAt),
                      })
                }
                onClick={() => askEnd(s)}
              >
                {t('sessions.end')}
              </Button>
            ),
          },
        ]}
      />
    </Space>
  );
}

/** "Chrome · Linux" from a User-Agent: enough to recognise one's own browsers. */
export function describeBrowser(ua: string | null): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : null;
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Mac OS X|Macintosh/.test(ua)
      ? 'macOS'
      : /Android/.test(ua)
        ? 'Android'
        : /iPhone|iPad/.test(ua)
          ? 'iOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  if (!browser) return ua.slice(0, 40);
  return os ? `${browser} · ${os}` : browser;
}
