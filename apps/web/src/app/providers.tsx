import { useEffect, useState, type ReactNode } from 'react';
import { StyleProvider } from '@ant-design/cssinjs';
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

// antd still registers a few runtime <style>s (CSS variables) in zero-runtime mode; the build-time
// CSS already holds them, and the CSP (style-src 'self') would refuse them anyway. They go into
// this detached element instead of <head>, so the browser neither applies nor reports them.
const runtimeStyles = document.createElement('div');

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
        <StyleProvider container={runtimeStyles}>
          <AntdApp>{children}</AntdApp>
        </StyleProvider>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
