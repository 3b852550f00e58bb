import type { ThemeConfig } from 'antd/es/config-provider/context';

/**
 * Darker than antd's defaults so text on primary buttons and links, and secondary text, keep a
 * 4.5:1 contrast (WCAG AA) — the Alibaba console's orange, deepened.
 *
 * Shared by the app and scripts/extract-antd-css.ts: the API's CSP allows styles from 'self'
 * only, so antd's CSS is extracted at build time with this exact theme (same hash, same CSS
 * variable key) and the app runs antd in zero-runtime mode.
 */
export const theme: ThemeConfig = {
  cssVar: { key: 'ram-console' },
  token: {
    colorPrimary: '#c2410c',
    // Hover and active go darker, not lighter, so white text on them keeps its contrast too.
    colorPrimaryHover: '#9a3412',
    colorPrimaryActive: '#7c2d12',
    colorLink: '#c2410c',
    colorLinkHover: '#9a3412',
    colorLinkActive: '#7c2d12',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextDescription: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    colorError: '#cf1322',
    colorErrorHover: '#a8071a',
    colorErrorActive: '#820014',
    borderRadius: 4,
    // Off in JS as it is in the build-time CSS: the extracted CSS sets every motion duration to
    // 0s, so a transition never runs and never ends, and antd (rc-motion) kept waiting for its
    // end: a button's loading icon was never removed ("loading Confirm" for good) and the next
    // click found no "Confirm". With motion off, antd stops waiting for animations.
    motion: false,
  },
};
