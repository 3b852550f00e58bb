import { useState } from 'react';
import Button from 'antd/es/button';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RamUser } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { formatDateTime } from '../../../lib/format';
import { useUsers } from '../api/get-users';
import { EmptyText } from '../../../components/empty-text';

const PAGE_SIZE = 20;

/** RAM users, searchable, paged with RAM's markers (a stack of them for "Previous"). */
export function UsersList({
  userHref,
  onCreate,
}: {
  userHref: (userName: string) => string;
  onCreate: () => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [markers, setMarkers] = useState<string[]>([]);
  const marker = markers.at(-1);
  const users = useUsers({ q: q || undefined, marker, maxItems: PAGE_SIZE });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Button type="primary" onClick={onCreate}>
          {t('users.create')}
        </Button>
        <Input.Search
          allowClear
          aria-label={t('users.search')}
          placeholder={t('users.searchPlaceholder')}
          style={{ width: 320 }}
          onSearch={(value) => {
            setMarkers([]);
            setQ(value.trim());
          }}
        />
      </Space>
      <ApiErrorAlert error={users.error} />
      <Table<RamUser>
        rowKey="userName"
        size="middle"
        aria-label={t('users.table')}
        loading={users.isLoading}
        dataSource={users.data?.users ?? []}
        pagination={false}
        locale={{
          emptyText: <EmptyText>{q ? t('users.noMatch', { q }) : t('users.empty')}</EmptyText>,
        }}
        columns={[
          {
            title: t('users.logonName'),
            dataIndex: 'userName',
            render: (_, user) => <Link to={userHref(user.userName)}>{user.userPrincipalName}</Link>,
          },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          { title: t('users.comments'), dataIndex: 'comments' },
          {
            title: t('users.created'),
            dataIndex: 'createDate',
            render: (v: string) => formatDateTime(v),
          },
        ]}
      />
      <Space>
        <Button disabled={markers.length === 0} onClick={() => setMarkers((m) => m.slice(0, -1))}>
          {t('common.previousPage')}
        </Button>
        <Button
          disabled={!users.data?.isTruncated || !users.data.marker}
          onClick={() => {
            const next = users.data?.marker;
            if (next) setMarkers((m) => [...m, next]);
          }}
        >
          {t('common.nextPage')}
        </Button>
      </Space>
    </Space>
  );
}
