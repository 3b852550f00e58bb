import Alert from 'antd/es/alert';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { describeError } from '../lib/errors';

/** An API or RAM error in words, with the request ids support will ask for. */
export function ApiErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = describeError(t, error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? e.message}
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
