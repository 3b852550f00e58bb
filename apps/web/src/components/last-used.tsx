import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../lib/format';

/**
 * A key's last use: the time, and beside it the service RAM recorded (`Ecs`, `Ram`…). Shared by
 * the key tables, the credential report and the rotation wizard.
 */
export function LastUsed({
  date,
  service,
  never,
}: {
  date: string | null;
  service: string | null;
  /** What to show for a key that was never used (null: nothing, e.g. a user without keys). */
  never?: string | null;
}) {
  const { t } = useTranslation();
  if (!date) return never === null ? null : <>{never ?? t('accessKeys.neverUsed')}</>;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {formatDateTime(date)}
      {service ? (
        <Typography.Text type="secondary">
          {' · '}
          {t('lastUse.via', { service })}
        </Typography.Text>
      ) : null}
    </span>
  );
}
