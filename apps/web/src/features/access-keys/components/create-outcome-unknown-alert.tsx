import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import type { ApiRequestError } from '../../../lib/api-client';

/**
 * RAM took a create request and never answered. The API listed the keys again: any that appeared
 * is an orphan whose secret nobody will ever see, so the only useful thing to do is delete it.
 */
export function CreateOutcomeUnknownAlert({
  error,
  onDeleteOrphan,
  onDismiss,
}: {
  error: ApiRequestError;
  onDeleteOrphan: (accessKeyId: string) => void;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const orphans = error.body.orphanAccessKeyIds ?? [];
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      closable={{ onClose: onDismiss, 'aria-label': t('common.dismiss') }}
      title={t('outcomeUnknown.title')}
      description={
        <Space orientation="vertical">
          <span>{t('outcomeUnknown.body')}</span>
          {orphans.length > 0 ? (
            <>
              <span>{t('outcomeUnknown.orphans', { count: orphans.length })}</span>
              {orphans.map((id) => (
                <Space key={id} wrap>
                  <Typography.Text code>{id}</Typography.Text>
                  <Button danger size="small" onClick={() => onDeleteOrphan(id)}>
                    {t('outcomeUnknown.deleteOrphan', { id })}
                  </Button>
                </Space>
              ))}
            </>
          ) : (
            <span>{t('outcomeUnknown.noOrphans')}</span>
          )}
          <Typography.Text type="secondary">
            {t('errors.requestId', { id: error.body.requestId })}
          </Typography.Text>
        </Space>
      }
    />
  );
}
