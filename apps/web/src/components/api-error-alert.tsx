import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { describeError } from '../lib/errors';

/**
 * An API or RAM error in words, with the request ids support will ask for. With `onRetry` (a read
 * that failed), a Retry button asks again.
 */
export function ApiErrorAlert({
  error,
  title,
  onRetry,
  retrying,
  onDismiss,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  retrying?: boolean;
  /** The error of an action the operator may set aside (the alert gets a close button). */
  onDismiss?: () => void;
}) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = describeError(t, error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? e.message}
      closable={onDismiss ? { onClose: onDismiss, 'aria-label': t('common.dismiss') } : undefined}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry} loading={retrying}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
      description={
        <>
          {title ? <div>{e.message}</div> : null}
          <Typography.Text type="secondary">
            {t('errors.code', { code: e.code })}
            {e.requestId ? <> · {t('errors.requestId', { id: e.requestId })}</> : null}
            {e.ramRequestId ? <> · {t('errors.ramRequestId', { id: e.ramRequestId })}</> : null}
          </Typography.Text>
        </>
      }
    />
  );
}
