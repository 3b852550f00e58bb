import { useState } from 'react';
import Select from 'antd/es/select';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../api/get-users';

/**
 * Picks an existing RAM user (never free text): searches as the operator types, from the same
 * user directory as the Users page (`/api/users?q=`).
 */
export function RamUserPicker({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: string | null;
  onChange?: (userName: string) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const users = useUsers({ q: q || undefined, maxItems: 20, sort: 'userName' });
  const options = (users.data?.users ?? []).map((u) => ({
    value: u.userName,
    label: u.displayName ? `${u.userName} (${u.displayName})` : u.userName,
  }));
  // The current value stays choosable even when the search does not list it.
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: (s) => setQ(s.trim()) }}
      value={value ?? undefined}
      placeholder={t('operators.ramUserPlaceholder')}
      loading={users.isFetching}
      options={options}
      notFoundContent={users.isFetching ? t('common.loading') : t('operators.noRamUser')}
      onChange={(v: string) => onChange?.(v)}
    />
  );
}
