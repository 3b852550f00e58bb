import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import { paths } from '../config/paths';
import { FullPageSpinner, HomeRedirect, RequireAdmin, RequireOperator } from './guards';

// Route-level code splitting: each page (and the console shell) is its own chunk.
const load = {
  signIn: () => import('./routes/sign-in'),
  ssoProblem: () => import('../features/auth/components/sso-problem-page'),
  consoleLayout: () => import('./console-layout'),
  accountAccessKeys: () => import('./routes/account-access-keys'),
  users: () => import('./routes/users'),
  user: () => import('./routes/user'),
  rotation: () => import('./routes/rotation'),
  accessKey: () => import('./routes/access-key'),
  recycleBin: () => import('./routes/recycle-bin'),
  securitySettings: () => import('./routes/security-settings'),
  credentialReport: () => import('./routes/credential-report'),
  audit: () => import('./routes/audit'),
  operators: () => import('./routes/operators'),
  myAccount: () => import('./routes/my-account'),
  changePassword: () => import('./routes/change-password'),
  notFound: () => import('./routes/not-found'),
};

const page = <K extends string>(loader: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(() => loader().then((m) => ({ default: m[name] })));

const SignInRoute = page(load.signIn, 'SignInRoute');
const SsoProblemPage = page(load.ssoProblem, 'SsoProblemPage');
const ConsoleLayout = page(load.consoleLayout, 'ConsoleLayout');
const AccountAccessKeysRoute = page(load.accountAccessKeys, 'AccountAccessKeysRoute');
const UsersRoute = page(load.users, 'UsersRoute');
const UserRoute = page(load.user, 'UserRoute');
const RotationRoute = page(load.rotation, 'RotationRoute');
const AccessKeyRoute = page(load.accessKey, 'AccessKeyRoute');
const RecycleBinRoute = page(load.recycleBin, 'RecycleBinRoute');
const SecuritySettingsRoute = page(load.securitySettings, 'SecuritySettingsRoute');
const CredentialReportRoute = page(load.credentialReport, 'CredentialReportRoute');
const AuditRoute = page(load.audit, 'AuditRoute');
const OperatorsRoute = page(load.operators, 'OperatorsRoute');
const MyAccountRoute = page(load.myAccount, 'MyAccountRoute');
const ChangePasswordRoute = page(load.changePassword, 'ChangePasswordRoute');
const NotFoundRoute = page(load.notFound, 'NotFoundRoute');

/**
 * Starts loading the chunks a first visit to `pathname` renders (the shell and the page), so that
 * they arrive together with the operator instead of one lazy boundary after another. The module
 * loader keeps each promise: the lazy components above then find them loaded. A path missing
 * here only loses the head start.
 */
export function preloadRoute(pathname: string): void {
  const under = (prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);
  if (pathname === paths.ssoProblem) {
    void load.ssoProblem();
    return;
  }
  if (under(paths.signIn)) {
    void load.signIn();
    return;
  }
  if (under(paths.changePassword)) {
    void load.changePassword();
    return;
  }
  void load.consoleLayout();
  if (/^\/account\/access-keys\/[^/]+\/?$/.test(pathname)) void load.accessKey();
  else if (under(paths.accountAccessKeys)) void load.accountAccessKeys();
  else if (/^\/users\/[^/]+\/rotation\/?$/.test(pathname)) void load.rotation();
  else if (/^\/users\/[^/]+\/access-keys\/[^/]+\/?$/.test(pathname)) void load.accessKey();
  else if (/^\/users\/[^/]+\/?$/.test(pathname)) void load.user();
  else if (under(paths.users)) void load.users();
  else if (under(paths.credentialReport)) void load.credentialReport();
  else if (under(paths.recycleBin)) void load.recycleBin();
  else if (under(paths.securitySettings)) void load.securitySettings();
  else if (under(paths.audit)) void load.audit();
  else if (under(paths.operators)) void load.operators();
  else if (under(paths.myAccount)) void load.myAccount();
}

function Root() {
  return (
    <Suspense fallback={<FullPageSpinner />}>
      <Outlet />
    </Suspense>
  );
}

export const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      { path: paths.signIn, element: <SignInRoute /> },
      { path: paths.ssoProblem, element: <SsoProblemPage /> },
      { path: paths.changePassword, element: <ChangePasswordRoute /> },
      {
        path: '/',
        element: (
          <RequireOperator>
            <ConsoleLayout />
          </RequireOperator>
        ),
        children: [
          { index: true, element: <HomeRedirect /> },
          {
            path: paths.accountAccessKeys,
            element: (
              <RequireAdmin>
                <AccountAccessKeysRoute />
              </RequireAdmin>
            ),
          },
          { path: paths.users, element: <UsersRoute /> },
          { path: '/users/:userName', element: <UserRoute /> },
          {
            path: '/account/access-keys/:accessKeyId',
            element: (
              <RequireAdmin>
                <AccessKeyRoute />
              </RequireAdmin>
            ),
          },
          { path: '/users/:userName/rotation', element: <RotationRoute /> },
          { path: '/users/:userName/access-keys/:accessKeyId', element: <AccessKeyRoute /> },
          {
            path: paths.recycleBin,
            element: (
              <RequireAdmin>
                <RecycleBinRoute />
              </RequireAdmin>
            ),
          },
          {
            path: paths.securitySettings,
            element: (
              <RequireAdmin>
                <SecuritySettingsRoute />
              </RequireAdmin>
            ),
          },
          {
            path: paths.credentialReport,
            element: (
              <RequireAdmin>
                <CredentialReportRoute />
              </RequireAdmin>
            ),
          },
          {
            path: paths.audit,
            element: (
              <RequireAdmin>
                <AuditRoute />
              </RequireAdmin>
            ),
          },
          {
            path: paths.operators,
            element: (
              <RequireAdmin>
                <OperatorsRoute />
              </RequireAdmin>
            ),
          },
          { path: paths.myAccount, element: <MyAccountRoute /> },
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
  },
]);
