import { Suspense } from 'react';
import { createBrowserRouter, matchPath, Outlet } from 'react-router';
import { paths } from '../config/paths';
import { FullPageSpinner, HomeRedirect, RequireAdmin, RequireOperator } from './guards';
import { consolePages, lazyPage } from './route-table';

const signIn = lazyPage(() => import('./routes/sign-in'), 'SignInRoute');
const consoleLayout = lazyPage(() => import('./console-layout'), 'ConsoleLayout');
const notFound = lazyPage(() => import('./routes/not-found'), 'NotFoundRoute');
const changePassword = lazyPage(() => import('./routes/change-password'), 'ChangePasswordRoute');
const ssoProblem = lazyPage(
  () => import('../features/auth/components/sso-problem-page'),
  'SsoProblemPage',
);
const SignInRoute = signIn.page;
const ConsoleLayout = consoleLayout.page;
const NotFoundRoute = notFound.page;
const ChangePasswordRoute = changePassword.page;
const SsoProblemPage = ssoProblem.page;

/**
 * Starts loading the chunks a first visit to `pathname` renders (the shell and the page), so that
 * they arrive together with the operator instead of one lazy boundary after another. The module
 * loader keeps each promise: the lazy components then find them loaded. A path no page matches
 * only loses the head start.
 */
export function preloadRoute(pathname: string): void {
  if (pathname === paths.ssoProblem) {
    void ssoProblem.preload();
    return;
  }
  if (matchPath(`${paths.changePassword}/*`, pathname)) {
    void changePassword.preload();
    return;
  }
  if (matchPath(`${paths.signIn}/*`, pathname)) {
    void signIn.preload();
    return;
  }
  void consoleLayout.preload();
  void consolePages.find((p) => matchPath(p.path, pathname))?.preload();
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
      { path: paths.changePassword, element: <ChangePasswordRoute /> },
      { path: paths.ssoProblem, element: <SsoProblemPage /> },
      {
        path: '/',
        element: (
          <RequireOperator>
            <ConsoleLayout />
          </RequireOperator>
        ),
        children: [
          { index: true, element: <HomeRedirect /> },
          // The pages, their access, navigation and breadcrumbs: app/route-table.tsx.
          ...consolePages.map((p) => ({
            path: p.path,
            handle: { page: p },
            element:
              p.access === 'admin' ? (
                <RequireAdmin>
                  <p.page />
                </RequireAdmin>
              ) : (
                <p.page />
              ),
          })),
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
  },
]);
