import { useState, type ReactNode } from 'react';
import Button from 'antd/es/button';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import type { SortOrder } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RamUser, UserSort } from '@ram-console/contracts';
import { ApiErrorAlert } from '../../../components/api-error-alert';
import { EmptyText } from '../../../components/empty-text';
import { formatDateTime } from '../../../lib/format';
import { useUsers } from '../api/get-users';

export const PAGE_SIZES = [20, 50, 100] as const;
const nowrap = { style: { whiteSpace: 'nowrap' as const } };

const orderOf = (sort: UserSort | undefined, key: 'userName' | 'createDate'): SortOrder =>
  sort === key ? 'ascend' : sort === `-${key}` ? 'descend' : null;

/**
 * RAM users: searchable, sortable by logon name and creation (the API sorts, so the order holds
 * across pages), paged with RAM's markers (a stack of them for "Previous"), with the total and a
 * page size. The key columns come from the app layer (another feature's data).
 */
export function UsersList({
  userHref,
  onCreate,
  keyCount,
  keyLastUsed,
}: {
  userHref: (userName: string) => string;
  onCreate: () => void;
  keyCount: (userName: string) => ReactNode;
  keyLastUsed: (userName: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<UserSort | undefined>();
  const [pageSize, setPageSize] = useState<number>(PAGE_SIZES[0]);
  const [markers, setMarkers] = useState<string[]>([]);
  const marker = markers.at(-1);
  const users = useUsers({ q: q || undefined, marker, maxItems: pageSize, sort });
  const page = markers.length + 1;
  const total = users.data?.total;

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
      <ApiErrorAlert
        error={users.error}
        onRetry={() => void users.refetch()}
        retrying={users.isFetching}
      />
      {users.error && !users.data ? null : (
        <Table<RamUser>
          rowKey="userName"
          size="middle"
          aria-label={t('users.table')}
          loading={users.isLoading}
          dataSource={users.data?.users ?? []}
          pagination={false}
          tableLayout="fixed"
          showSorterTooltip={false}
          scroll={{ x: 940 }}
          onChange={(_p, _f, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const key = s?.columnKey as 'userName' | 'createDate' | undefined;
            setMarkers([]);
            setSort(
              key && s?.order ? ((s.order === 'descend' ? `-${key}` : key) as UserSort) : undefined,
            );
          }}
          locale={{
            emptyText: <EmptyText>{q ? t('users.noMatch', { q }) : t('users.empty')}</EmptyText>,
          }}
          columns={[
            {
              title: t('users.logonName'),
              key: 'userName',
              dataIndex: 'userName',
              sorter: true,
              sortOrder: orderOf(sort, 'userName'),
              onHeaderCell: () => nowrap,
              // One line: a logon name broken at its hyphens reads as two names.
              ellipsis: true,
              render: (_, user) => (
                <Link to={userHref(user.userName)} title={user.userPrincipalName}>
                  {user.userPrincipalName}
                </Link>
              ),
            },
            {
              title: t('users.displayName'),
              dataIndex: 'displayName',
              width: 140,
              ellipsis: true,
              onHeaderCell: () => nowrap,
            },
            {
              title: t('users.accessKeys'),
              key: 'keys',
              width: 110,
              onHeaderCell: () => nowrap,
              render: (_, user) => keyCount(user.userName),
            },
            {
              title: t('users.keyLastUsed'),
              key: 'lastUsed',
              width: 196,
              onHeaderCell: () => nowrap,
              render: (_, user) => keyLastUsed(user.userName),
            },
            {
              title: t('users.created'),
              key: 'createDate',
              dataIndex: 'createDate',
              width: 210,
              sorter: true,
              sortOrder: orderOf(sort, 'createDate'),
              onHeaderCell: () => nowrap,
              onCell: () => nowrap,
              render: (v: string) => formatDateTime(v),
            },
          ]}
        />
      )}
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary" role="status">
          {total === undefined ? '' : t('users.total', { count: total })}
        </Typography.Text>
        <Space wrap>
          <label htmlFor="users-page-size">{t('users.pageSize')}</label>
          <Select
            id="users-page-size"
            value={pageSize}
            style={{ width: 96 }}
            options={PAGE_SIZES.map((n) => ({ value: n, label: String(n) }))}
            onChange={(n) => {
              setMarkers([]);
              setPageSize(n);
            }}
          />
          <Button disabled={markers.length === 0} onClick={() => setMarkers((m) => m.slice(0, -1))}>
            {t('common.previousPage')}
          </Button>
          <Typography.Text aria-live="polite">{t('users.page', { page })}</Typography.Text>
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
    </Space>
  );
}
