import { createElement } from 'react';
import type { Plugin } from 'vite';
import { extractStyle } from '@ant-design/static-style-extract';
import ConfigProviderModule from 'antd/lib/config-provider/index.js';
import { theme } from '../src/app/theme.ts';

const ID = 'virtual:antd.css';

// The components the console renders (and those they render inside: Tooltip, Empty, Row/Col…).
// Listing them keeps the CSS small, and leaves out Tour, whose statically extracted CSS is invalid.
const COMPONENTS = [
  'Alert',
  'App',
  'Avatar',
  'Badge',
  'Breadcrumb',
  'Button',
  'Card',
  'Checkbox',
  'Col',
  'DatePicker',
  'Descriptions',
  'Divider',
  'Drawer',
  'Dropdown',
  'Empty',
  'Form',
  'Input',
  'Layout',
  'Menu',
  'message',
  'Modal',
  'notification',
  'Pagination',
  'Popover',
  'Radio',
  'Result',
  'Row',
  'Select',
  'Skeleton',
  'Space',
  'Spin',
  'Steps',
  'Table',
  'Tabs',
  'Tag',
  'Tooltip',
  'Typography',
];
const RESOLVED = '\0virtual-antd.css';

/**
 * `import 'virtual:antd.css'` gives the CSS of every antd component rendered (on the server, at
 * build time) with the console's theme. The app runs antd with `zeroRuntime`, so no <style> is
 * injected at runtime and the API's strict CSP (style-src 'self') holds.
 */
export function antdStaticCss(): Plugin {
  return {
    name: 'ram-console:antd-static-css',
    resolveId: (id) => (id === ID ? RESOLVED : null),
    load(id) {
      if (id !== RESOLVED) return null;
      const mod = ConfigProviderModule as unknown as { default?: typeof ConfigProviderModule };
      const ConfigProvider = mod.default ?? ConfigProviderModule;
      return extractStyle({
        customTheme: (node) => createElement(ConfigProvider, { theme }, node),
        includes: COMPONENTS,
      });
    },
  };
}
