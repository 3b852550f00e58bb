import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import { paths } from '../config/paths';
import { FullPageSpinner, HomeRedirect, RequireAdmin, RequireOperator } from './guards';

// Route-level code splitting: each page (and the console shell) is its own chunk.
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] })));

const SignInRoute = page(() => import('./routes/sign-in'), 'SignInRoute');
const ConsoleLayout = page(() => import('./console-layout'), 'ConsoleLayout');
const AccountAccessKeysRoute = page(
  () => import('./routes/account-access-keys'),
  'AccountAccessKeysRoute',
);
const UsersRoute = page(() => import('./routes/users'), 'UsersRoute');
const UserRoute = page(() => import('./routes/user'), 'UserRoute');
const RotationRoute = page(() => import('./routes/rotation'), 'RotationRoute');
const CredentialReportRoute = page(
  () => import('./routes/credential-report'),
  'CredentialReportRoute',
);
const AuditRoute = page(() => import('./routes/audit'), 'AuditRoute');
const OperatorsRoute = page(() => import('./routes/operators'), 'OperatorsRoute');
const NotFoundRoute = page(() => import('./routes/not-found'), 'NotFoundRoute');

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
          { path: '/users/:userName/rotation', element: <RotationRoute /> },
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
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
  },
]);
