import Spin from 'antd/es/spin';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { useAccessKeys } from '../api/get-access-keys';

/**
 * One RAM user's keys, summed up for a row of the Users list: the same query (and cache) as the
 * user's own page, so opening the user afterwards costs RAM nothing more. A row's cells ask only
 * when the row is shown, one list call per user (its last-use lookups are the API's to cache).
 */
function useUserKeys(userName: string) {
  return useAccessKeys({ userName }, { staleTime: 60_000 });
}

export function UserKeyCount({ userName }: { userName: string }) {
  const { t } = useTranslation();
  const keys = useUserKeys(userName);
  if (keys.isPending) return <Spin size="small" aria-label={t('common.loading')} />;
  if (keys.isError)
    return <Typography.Text type="secondary">{t('users.keysUnknown')}</Typography.Text>;
  const { accessKeys, limit } = keys.data;
  const active = accessKeys.filter((k) => k.status === 'Active').length;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {t('users.keyCount', { used: accessKeys.length, limit })}
      {accessKeys.length > 0 && active < accessKeys.length ? (
        <Typography.Text type="secondary">
          {' '}
          {t('users.keysActive', { count: active })}
        </Typography.Text>
      ) : null}
    </span>
  );
}

export function UserKeyLastUsed({ userName }: { userName: string }) {
  const { t } = useTranslation();
  const keys = useUserKeys(userName);
  if (keys.isPending) return <Spin size="small" aria-label={t('common.loading')} />;
  if (keys.isError)
    return <Typography.Text type="secondary">{t('users.keysUnknown')}</Typography.Text>;
  const { accessKeys } = keys.data;
  if (accessKeys.length === 0)
    return <Typography.Text type="secondary">{t('users.noKeys')}</Typography.Text>;
  const last = accessKeys
    .map((k) => k.lastUsedDate)
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1);
  return last ? (
    <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(last)}</span>
  ) : (
    <Typography.Text type="secondary">{t('accessKeys.neverUsed')}</Typography.Text>
  );
}
