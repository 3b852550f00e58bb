import { createElement } from 'react';
import type { Plugin } from 'vite';
import { extractStyle } from '@ant-design/static-style-extract';
import ConfigProviderModule from 'antd/lib/config-provider/index.js';
import { theme } from '../src/app/theme.ts';

// The components the console renders (and those they render inside: Tooltip, Empty, Row/Col…),
// in two sets. Listing them keeps the CSS small, and leaves out Tour, whose statically extracted
// CSS is invalid.
//
// FIRST: what the first screens paint (sign-in, the console shell, key tables, the Users list,
// a user's tabs). It is the only render-blocking stylesheet.
const FIRST = [
  'Alert',
  'App',
  'Avatar',
  'Badge',
  'Breadcrumb',
  'Button',
  'Card',
  'Checkbox',
  'Empty',
  'Form',
  'Input',
  'Layout',
  'Menu',
  'Pagination',
  'Radio',
  'Row',
  'Space',
  'Spin',
  'Table',
  'Tabs',
  'Tag',
  'Typography',
];
// DEFERRED: what appears only after a click or on later screens (dialogs, drop-downs, tooltips,
// toasts, the rotation steps, the audit filters). main.tsx loads it right after the first render.
const DEFERRED = [
  'Col',
  'DatePicker',
  'Descriptions',
  'Divider',
  'Drawer',
  'Dropdown',
  'message',
  'Modal',
  'notification',
  'Popover',
  'Result',
  'Select',
  'Skeleton',
  'Steps',
  'Tooltip',
];
const MODULES: Record<string, string[]> = {
  'virtual:antd.css': FIRST,
  'virtual:antd-deferred.css': DEFERRED,
};
const PREFIX = '\0virtual-antd:';

/**
 * `import 'virtual:antd.css'` gives the CSS of the first screens' antd components and
 * `import('virtual:antd-deferred.css')` that of the others, rendered (on the server, at build time)
 * with the console's theme. The app runs antd with `zeroRuntime`, so no <style> is injected at
 * runtime and the API's strict CSP (style-src 'self') holds.
 */
export function antdStaticCss(): Plugin {
  return {
    name: 'ram-console:antd-static-css',
    resolveId: (id) => (id in MODULES ? `${PREFIX}${id}.css` : null),
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const includes = MODULES[id.slice(PREFIX.length, -'.css'.length)]!;
      const mod = ConfigProviderModule as unknown as { default?: typeof ConfigProviderModule };
      const ConfigProvider = mod.default ?? ConfigProviderModule;
      return extractStyle({
        customTheme: (node) => createElement(ConfigProvider, { theme }, node),
        includes,
      });
    },
  };
}
