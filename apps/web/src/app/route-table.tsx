import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Params } from 'react-router';
import type { TFunction } from 'i18next';
import type { Me } from '@ram-console/contracts';
import { paths } from '../config/paths';
import type { FlowWord } from '../lib/console-flow';

/** The left navigation's groups, in their order. */
export const NAV_GROUPS = ['identities', 'security', 'console'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

export interface TitleContext {
  t: TFunction;
  /** The words of the console generation this instance follows. */
  tf: (word: FlowWord) => string;
  params: Params;
  operator: Me['operator'];
}

/**
 * One console page. The router, the left navigation and every breadcrumb are built from this one
 * table, so a new page is one entry here (plus its component):
 *
 *   { path: '/security/preferences', access: 'admin', ...lazyPage(() => import('./routes/x'), 'X'),
 *     nav: { group: 'security' }, title: ({ t }) => t('preferences.title') }
 */
export interface ConsolePage {
  /** Its URL pattern (react-router), under the console shell. */
  path: string;
  page: LazyExoticComponent<ComponentType>;
  /** Starts loading the page's chunk (a first visit loads it beside the shell: router.tsx). */
  preload: () => Promise<unknown>;
  /** admin: admins only (a member is sent to their own keys); operator: anyone signed in. */
  access: 'admin' | 'operator';
  /** Its breadcrumb (and, without nav.label, navigation) title. */
  title: (ctx: TitleContext) => string;
  /** The page it sits under in the breadcrumb (a path pattern of this table). */
  parent?: string;
  /** Where a link to it goes (default: its path with the current params). */
  href?: (params: Params) => string;
  /** An item in the left navigation. */
  nav?: { group: NavGroup; label?: (ctx: TitleContext) => string };
}

/** Route-level code splitting: each page is its own chunk. */
export const page = <K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
): LazyExoticComponent<ComponentType> => lazy(() => load().then((m) => ({ default: m[name] })));

/** A lazy page and its preloader (the module loader keeps the one promise for both). */
export const lazyPage = <K extends string>(
  load: () => Promise<Record<K, ComponentType>>,
  name: K,
) => ({ page: page(load, name), preload: load });

const USER = '/users/:userName';

export const consolePages: ConsolePage[] = [
  {
    path: paths.users,
    access: 'admin',
    ...lazyPage(() => import('./routes/users'), 'UsersRoute'),
    title: ({ t }) => t('users.title'),
    nav: { group: 'identities' },
  },
  {
    path: USER,
    access: 'operator',
    ...lazyPage(() => import('./routes/user'), 'UserRoute'),
    parent: paths.users,
    // A member's own RAM user is "My AccessKeys": the list of users is not theirs to open.
    title: ({ t, params, operator }) =>
      operator.role === 'member' && params.userName === operator.ramUserName
        ? t('nav.myAccessKeys')
        : (params.userName ?? ''),
    href: (params) => paths.userAuthentication(params.userName ?? ''),
  },
  {
    path: `${USER}/rotation`,
    access: 'operator',
    ...lazyPage(() => import('./routes/rotation'), 'RotationRoute'),
    parent: USER,
    title: ({ t }) => t('rotation.breadcrumb'),
  },
  {
    // A RAM user's key: that user's admin or member (the page checks).
    path: `${USER}/access-keys/:accessKeyId`,
    access: 'operator',
    ...lazyPage(() => import('./routes/access-key'), 'AccessKeyRoute'),
    parent: USER,
    title: ({ params }) => params.accessKeyId ?? '',
  },
  {
    path: paths.recycleBin,
    access: 'admin',
    ...lazyPage(() => import('./routes/recycle-bin'), 'RecycleBinRoute'),
    title: ({ t }) => t('recycleBin.title'),
    nav: { group: 'identities', label: ({ t }) => t('nav.recycleBin') },
  },
  {
    path: paths.accountAccessKeys,
    access: 'admin',
    ...lazyPage(() => import('./routes/account-access-keys'), 'AccountAccessKeysRoute'),
    title: ({ tf }) => tf('accountPage'),
    nav: { group: 'security', label: ({ t }) => t('nav.accessKey') },
  },
  {
    path: `${paths.accountAccessKeys}/:accessKeyId`,
    access: 'admin',
    ...lazyPage(() => import('./routes/access-key'), 'AccessKeyRoute'),
    parent: paths.accountAccessKeys,
    title: ({ params }) => params.accessKeyId ?? '',
  },
  {
    path: paths.securitySettings,
    access: 'admin',
    ...lazyPage(() => import('./routes/security-settings'), 'SecuritySettingsRoute'),
    title: ({ t }) => t('securityPreferences.title'),
    nav: { group: 'security', label: ({ t }) => t('nav.securitySettings') },
  },
  {
    path: paths.credentialReport,
    access: 'admin',
    ...lazyPage(() => import('./routes/credential-report'), 'CredentialReportRoute'),
    title: ({ t }) => t('report.title'),
    nav: { group: 'security' },
  },
  {
    path: paths.audit,
    access: 'admin',
    ...lazyPage(() => import('./routes/audit'), 'AuditRoute'),
    title: ({ t }) => t('audit.title'),
    nav: { group: 'console' },
  },
  {
    path: paths.operators,
    access: 'admin',
    ...lazyPage(() => import('./routes/operators'), 'OperatorsRoute'),
    title: ({ t }) => t('operators.title'),
    nav: { group: 'console' },
  },
  {
    path: paths.myAccount,
    access: 'operator',
    ...lazyPage(() => import('./routes/my-account'), 'MyAccountRoute'),
    title: ({ t }) => t('myAccount.title'),
  },
];

export const canOpen = (p: ConsolePage, operator: Me['operator']) =>
  p.access === 'operator' || operator.role === 'admin';
