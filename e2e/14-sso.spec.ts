import { startTestIdp, TEST_IDP_GROUPS, type TestIdp } from '../test/support/oidc-provider';
import { COPY, expect, test as base } from './fixtures';
import { startConsoleServer } from './support/console-server';
import { ResultDialog } from './support/pages';
import { SSO_COPY, TestIdpPages } from './support/sso';

/**
 * SSO through a real OpenID provider (oidc-provider on loopback, at `localhost` while the console
 * is at 127.0.0.1: two sites, as in production), through the provider's own sign-in and consent
 * pages in Chromium.
 */
const test = base.extend<{ idp: TestIdp; idpPages: TestIdpPages }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from it
  idp: async ({}, use) => {
    const idp = await startTestIdp({ hostname: 'localhost' });
    await use(idp);
    await idp.stop();
  },
  consoleServer: async ({ idp }, use) => {
    const server = await startConsoleServer({
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.client.clientId,
      OIDC_CLIENT_SECRET: idp.client.clientSecret,
      OIDC_ADMIN_GROUPS: TEST_IDP_GROUPS.admins,
      OIDC_MEMBER_GROUPS: TEST_IDP_GROUPS.members,
    });
    idp.setConsoleUrls({
      redirectUris: [`${server.url}/api/auth/oidc/callback`],
      postLogoutRedirectUris: [`${server.url}/sign-in`],
    });
    await use(server);
    await server.stop();
  },
  idpPages: async ({ page }, use) => use(new TestIdpPages(page)),
});

test.describe('English', () => {
  test.use({ journey: '14-sso' });
  const t = COPY.en;
  const sso = SSO_COPY.en;

  test('admins and members from the provider’s groups; sign-out at the provider too', async ({
    page,
    idpPages,
    shell,
    checkpoint,
  }) => {
    const ssoLink = page.getByRole('link', { name: sso.signInWithSso });

    // The sign-in page offers SSO beside the password form
    await page.goto('/');
    await expect(ssoLink).toBeVisible();
    await expect(page.getByLabel(t.username)).toBeVisible();
    await checkpoint('sign-in');

    // ada (console-admins) signs in at the provider and lands as an admin
    await ssoLink.click();
    await idpPages.signIn('ada');
    await idpPages.consent();
    await expect(shell.heading(t.users)).toBeVisible();
    await expect(shell.avatarButton('ada')).toBeVisible();
    await expect(shell.navItem('Operators')).toBeVisible();
    await checkpoint('admin-landing');

    // Signing out ends the provider's session too, and comes back to the sign-in page
    await shell.chooseFromAvatarMenu('ada', t.signOut);
    await idpPages.confirmSignOut();
    await expect(ssoLink).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);

    // ben (console-members, preferred_username alice) lands on alice's keys, after the
    // provider asks who he is (ada's session there has ended)
    await ssoLink.click();
    await idpPages.signIn('ben');
    await idpPages.consent();
    await expect(shell.heading('alice')).toBeVisible();
    await expect(page).toHaveURL(/\/users\/alice\?tab=authentication$/);
    await expect(shell.navItem('Operators')).toHaveCount(0);
    await checkpoint('member-landing');
    await shell.chooseFromAvatarMenu('alice', t.signOut);
    await idpPages.confirmSignOut();
    await expect(ssoLink).toBeVisible();
  });
});

test.describe('English: refusals', () => {
  test.use({ journey: '14-sso-refusals' });
  const sso = SSO_COPY.en;

  test('no group, no access; declined at the provider; a tampered state', async ({
    page,
    idpPages,
    checkpoint,
  }) => {
    const ssoLink = page.getByRole('link', { name: sso.signInWithSso });

    // cat is in no console group: a clear page, no account
    await page.goto('/');
    await ssoLink.click();
    await idpPages.signIn('cat');
    await idpPages.consent();
    await expect(page.getByRole('heading', { level: 1, name: sso.noAccess })).toBeVisible();
    await expect(page.getByRole('link', { name: sso.tryAgain })).toBeVisible();
    await checkpoint('no-access');

    // Declining at the provider ends on its own page, with a way to try again (someone else at
    // this browser: cat's session at the provider goes with the cookies)
    await page.context().clearCookies();
    await page.getByRole('link', { name: sso.backToSignIn }).click();
    await ssoLink.click();
    await idpPages.signIn('ada');
    await idpPages.cancel();
    await expect(page.getByRole('heading', { level: 1, name: sso.cancelled })).toBeVisible();
    await checkpoint('cancelled');

    // A state changed on its way to the provider (the browser follows the provider's redirects,
    // which a route cannot rewrite, so the console's redirect to the provider is changed instead):
    // the callback does not belong to the sign-in this browser started, and is refused. ada is
    // still signed in at the provider: only its consent page this time.
    const isLogin = (url: URL) => url.pathname === '/api/auth/oidc/login';
    await page.route(isLogin, async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      const location = new URL(response.headers()['location']!);
      location.searchParams.set('state', 'x'.repeat(43));
      await route.fulfill({
        response,
        headers: { ...response.headers(), location: location.href },
      });
    });
    await page.getByRole('link', { name: sso.tryAgain }).click();
    await idpPages.consent();
    await expect(page.getByRole('heading', { level: 1, name: sso.refused })).toBeVisible();
    await checkpoint('state-refused');
    await page.unroute(isLogin);
  });
});

test.describe('English: roles re-read', () => {
  test.use({ journey: '14-sso-roles' });
  const t = COPY.en;
  const sso = SSO_COPY.en;

  test('a missing RAM user said plainly; removed from the admin group, a member', async ({
    page,
    idp,
    idpPages,
    shell,
    checkpoint,
  }) => {
    const ssoLink = page.getByRole('link', { name: sso.signInWithSso });

    // ada is an admin today
    await page.goto('/');
    await ssoLink.click();
    await idpPages.signIn('ada');
    await idpPages.consent();
    await expect(shell.heading(t.users)).toBeVisible();
    await expect(shell.navItem('Operators')).toBeVisible();

    // dan, at the same browser later: his RAM user does not exist, said plainly with its name
    await page.context().clearCookies();
    await page.goto('/');
    await ssoLink.click();
    await idpPages.signIn('dan');
    await idpPages.consent();
    await expect(page.getByRole('heading', { level: 1, name: sso.ramUserMissing })).toBeVisible();
    await expect(page.getByText('no-such-ram-user')).toBeVisible();
    await checkpoint('ram-user-missing');

    // Removed from the admin group at the provider, ada is a member at her next sign-in: she
    // takes over from dan through "Try again", which asks the provider who signs in
    // (prompt=login) although dan is still signed in there; the provider ends dan's session.
    idp.setUser('ada', { groups: [TEST_IDP_GROUPS.members], preferred_username: 'bob' });
    await page.getByRole('link', { name: sso.tryAgain }).click();
    await idpPages.signIn('ada');
    await idpPages.consent();
    await expect(shell.heading('bob')).toBeVisible();
    expect(idp.authorizationRequests.at(-1)?.getAll('prompt')).toEqual(['login']);
    await expect(shell.navItem('Operators')).toHaveCount(0);
    await checkpoint('demoted-to-member');
  });
});

test.describe('English: a phone first', () => {
  test.use({ journey: '14-sso-phone' });
  const t = COPY.en;
  const sso = SSO_COPY.en;

  test('without a verified phone claim, the first verified action asks for a phone, confirmed by a code', async ({
    page,
    idpPages,
    shell,
    accessKeys,
    phoneVerification,
    checkpoint,
  }) => {
    // eve's provider did not verify her phone: the console did not take it (member on bob)
    await page.goto('/');
    await page.getByRole('link', { name: sso.signInWithSso }).click();
    await idpPages.signIn('eve');
    await idpPages.consent();
    await expect(shell.heading('bob')).toBeVisible();

    await accessKeys.createButton().click();
    const scenario = page.getByRole('dialog', { name: t.scenarioTitle });
    await scenario.getByRole('radio', { name: 'Local development and testing' }).check();
    await scenario.getByRole('checkbox', { name: t.scenarioConfirm }).check();
    await scenario.getByRole('button', { name: t.continue, exact: true }).click();

    // Add your phone: a code to the new number, read in the Demo inbox
    const addPhone = page.getByRole('dialog', { name: 'Add your phone' });
    await addPhone.getByLabel('Phone number').fill('+8613900000888');
    await addPhone.getByRole('button', { name: t.sendCode }).click();
    await expect(addPhone.getByRole('status')).toContainText('139****0888');
    await checkpoint('add-phone');
    await addPhone.getByRole('button', { name: t.openDemoInbox }).click();
    const drawer = page.getByRole('dialog', { name: t.demoInbox });
    const message = drawer.getByRole('listitem').first();
    await expect(message).toBeVisible();
    const code = /(\d{6})/.exec((await message.getAttribute('aria-label')) ?? '')?.[1];
    expect(code, 'a 6-digit code in the demo inbox').toBeTruthy();
    await drawer.getByRole('button', { name: t.close }).click();
    await addPhone.getByLabel(t.verificationCode).fill(code!);
    await addPhone.getByRole('button', { name: 'Confirm phone' }).click();

    // Then the action's own verification, to the phone just added
    await expect(phoneVerification.dialog.getByText('139****0888')).toBeVisible();
    await phoneVerification.verifyWithDemoInbox();
    const result = new ResultDialog(page, t.resultUser);
    const key = await result.readKey();
    await checkpoint('key-created');
    await result.savedCheckbox().check();
    await result.okButton().click();
    await expect(accessKeys.row(key.accessKeyId)).toContainText('Enabled');
  });
});

test.describe('简体中文', () => {
  test.use({ journey: '14-sso-zh-cn', lang: 'zh-CN' });
  const sso = SSO_COPY['zh-CN'];

  test('使用SSO登录: a member lands on their RAM user; no group, no access', async ({
    page,
    idpPages,
    shell,
    checkpoint,
  }) => {
    // 简体中文 on the sign-in page
    await page.goto('/');
    await page
      .getByRole('group', { name: 'Language' })
      .getByRole('button', { name: '简体中文' })
      .click();
    const ssoLink = page.getByRole('link', { name: sso.signInWithSso });
    await expect(ssoLink).toBeVisible();
    await checkpoint('sign-in');

    // ben signs in at the provider and lands on alice's keys
    await ssoLink.click();
    await idpPages.signIn('ben');
    await idpPages.consent();
    await expect(shell.heading('alice')).toBeVisible();
    await checkpoint('member-landing');

    // cat: 无权访问
    await page.context().clearCookies();
    await page.goto('/');
    await ssoLink.click();
    await idpPages.signIn('cat');
    await idpPages.consent();
    await expect(page.getByRole('heading', { level: 1, name: sso.noAccess })).toBeVisible();
    await expect(page.getByRole('link', { name: sso.tryAgain })).toBeVisible();
    await checkpoint('no-access');
  });
});
