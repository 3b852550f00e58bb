import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { StyleProvider } from '@ant-design/cssinjs';
import { QueryClientProvider } from '@tanstack/react-query';
import ConfigProvider from 'antd/es/config-provider';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { meQueryKey, meQueryOptions } from '../features/auth/api/get-me';
import { onUnauthenticated } from '../lib/api-client';
import { createQueryClient } from '../lib/query-client';
import { theme } from './theme';

const zeroRuntimeTheme = { ...theme, zeroRuntime: true };

// antd's App (the message / modal / notification hooks) brings Modal, Form and notification with
// it: about 47 KB gzip the first paint does not need. It loads beside the entry's first requests
// (the operator, the route's chunks), not in the initial bundle.
const antdApp = import('antd/es/app');
const AntdApp = lazy(() => antdApp);

function createClientAskingForOperator() {
  const client = createQueryClient();
  // Asked now, not once the providers above the router have loaded.
  void client.prefetchQuery(meQueryOptions());
  return client;
}

// antd still registers a few runtime <style>s (CSS variables) in zero-runtime mode; the build-time
// CSS already holds them, and the CSP (style-src 'self') would refuse them anyway. They go into
// this detached element instead of <head>, so the browser neither applies nor reports them.
const runtimeStyles = document.createElement('div');

export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createClientAskingForOperator);
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
          <Suspense fallback={null}>
            {/* One toast at a time, at the very top: never piled up, never over an open dialog's
                title (dialogs open 100 px down). */}
            <AntdApp message={{ maxCount: 1, top: 8, duration: 3 }}>{children}</AntdApp>
          </Suspense>
        </StyleProvider>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
