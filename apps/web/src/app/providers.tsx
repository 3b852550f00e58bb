import { useEffect, useState, type ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import AntdApp from 'antd/es/app';
import ConfigProvider from 'antd/es/config-provider';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { meQueryKey } from '../features/auth/api/get-me';
import { onUnauthenticated } from '../lib/api-client';
import { createQueryClient } from '../lib/query-client';
import { theme } from './theme';

const zeroRuntimeTheme = { ...theme, zeroRuntime: true };

export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const { i18n } = useTranslation();

  // Any 401 means the session is gone: forget the operator, the guard sends them to sign in.
  useEffect(
    () => onUnauthenticated(() => queryClient.setQueryData(meQueryKey, null)),
    [queryClient],
  );

  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={i18n.language === 'zh-CN' ? zhCN : enUS}
        theme={zeroRuntimeTheme}
        // DESIGN.md copy is exact: 确定, not antd's spaced 确 定.
        button={{ autoInsertSpace: false }}
      >
        <AntdApp>{children}</AntdApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
