import Descriptions from 'antd/es/descriptions';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import type { RamUser } from '@ram-console/contracts';
import { formatDateTime } from '../../../lib/format';

export function UserBasicInformation({ user }: { user: RamUser }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        {
          key: 'upn',
          label: t('users.logonName'),
          children: <Typography.Text copyable>{user.userPrincipalName}</Typography.Text>,
        },
        { key: 'display', label: t('users.displayName'), children: user.displayName },
        { key: 'uid', label: t('users.userId'), children: user.userId },
        { key: 'created', label: t('users.created'), children: formatDateTime(user.createDate) },
        { key: 'comments', label: t('users.comments'), children: user.comments || '—' },
      ]}
    />
  );
}
