import type { ThemeConfig } from 'antd/es/config-provider/context';

/**
 * Alibaba Cloud's orange, as dark as it must be for white text on buttons and orange links on white
 * to keep 4.5:1 (WCAG AA; #ff6a00 itself reaches 2.9:1, so it is kept for marks that carry no
 * text: the header's logo and the selected navigation item's bar). The danger red leans to
 * crimson so a Delete never looks like a primary button. Alert fills are the pale tints antd
 * derives from its default palette, not from these darkened colours (which made them muddy).
 *
 * Shared by the app and scripts/antd-static-css.ts: the API's CSP allows styles from 'self'
 * only, so antd's CSS is extracted at build time with this exact theme (same hash, same CSS
 * variable key) and the app runs antd in zero-runtime mode.
 */
export const BRAND_ORANGE = '#ff6a00';

export const theme: ThemeConfig = {
  cssVar: { key: 'ram-console' },
  token: {
    colorPrimary: '#c85000',
    // Hover and active go darker, not lighter, so white text on them keeps its contrast too.
    colorPrimaryHover: '#a84300',
    colorPrimaryActive: '#8a3700',
    // Links a shade darker still: #c85000 keeps 4.5:1 on white but not on a hovered table row
    // (#fafafa); #b34800 keeps it on both.
    colorLink: '#b34800',
    colorLinkHover: '#963c00',
    colorLinkActive: '#7a3100',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextDescription: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorSuccess: '#237804',
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarning: '#ad4e00',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    colorInfo: '#0958d9',
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
    colorError: '#c41d3a',
    colorErrorHover: '#a3142e',
    colorErrorActive: '#820e23',
    colorErrorBg: '#fff1f0',
    colorErrorBorder: '#ffccc7',
    borderRadius: 4,
    // Off in JS as it is in the build-time CSS: the extracted CSS sets every motion duration to
    // 0s, so a transition never runs and never ends, and antd (rc-motion) kept waiting for its
    // end: a button's loading icon was never removed ("loading Confirm" for good) and the next
    // click found no "Confirm". With motion off, antd stops waiting for animations.
    motion: false,
  },
  components: {
    Layout: { headerBg: '#20252b', siderBg: '#ffffff', headerHeight: 56 },
    Menu: { itemSelectedBg: '#fff4eb', itemSelectedColor: '#a84300' },
    Table: { headerBg: '#f7f8fa' },
  },
};
