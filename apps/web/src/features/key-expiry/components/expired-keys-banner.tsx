import { Link } from 'react-router';
import Alert from 'antd/es/alert';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { useExpiredKeys } from '../api/get-expired-keys';

/**
 * Shown to an operator whose own RAM user has keys past KEY_MAX_AGE_DAYS: which ones, how old,
 * and where to rotate them. Nothing while loading, on error, or when there are none.
 */
export function ExpiredKeysBanner({
  rotationPath,
}: {
  rotationPath: (userName: string) => string;
}) {
  const { t } = useTranslation();
  const expired = useExpiredKeys();
  const keys = expired.data?.accessKeys ?? [];
  if (keys.length === 0) return null;
  const userName = keys[0]!.ramUserName;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={t('expiry.bannerTitle', { count: keys.length, days: expired.data?.maxAgeDays ?? 0 })}
      description={
        <>
          <ul style={{ margin: '4px 0', paddingInlineStart: 20 }}>
            {keys.map((k) => (
              <li key={k.accessKeyId}>
                <Typography.Text code>{k.accessKeyId}</Typography.Text>{' '}
                {t('expiry.keyAge', { userName: k.ramUserName, count: k.ageDays })}
              </li>
            ))}
          </ul>
          {/* Dark red on the error alert's pink: antd's link colour fails contrast there. */}
          <Link
            to={rotationPath(userName)}
            style={{ color: '#820014', textDecoration: 'underline' }}
          >
            {t('expiry.rotate')}
          </Link>
        </>
      }
    />
  );
}
