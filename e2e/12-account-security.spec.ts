import { ADMIN, expect, test } from './fixtures';
import type { Locator, Page } from '@playwright/test';

test.use({ journey: '12-account-security' });

const FIRST_PASSWORD = 'my-own-admin-password-1';
const NEW_PASSWORD = 'my-second-admin-password-2';

/**
 * A password change checks the current password and hashes the new one at OWASP's scrypt
 * parameters (about a second each on a busy machine): wait for its answer, not a fixed time.
 */
async function changePassword(page: Page, submit: Locator) {
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/password'));
  await submit.click();
  expect((await answered).status()).toBe(200);
}

test.describe('a generated first-admin password', () => {
  // No CONSOLE_ADMIN_PASSWORD: the first admin gets a generated one-time password.
  test.use({ serverSettings: { CONSOLE_ADMIN_PASSWORD: '' } });

  test('must be replaced at the first sign-in before anything else', async ({
    page,
    consoleServer,
    signInPage,
    shell,
    checkpoint,
  }) => {
    // The generated password is printed once, at the first start
    const printed = /One-time password \(shown only now\): (\S+)/.exec(consoleServer.output());
    expect(printed, consoleServer.output()).not.toBeNull();
    const generated = printed![1]!;

    // Signing in with it leads to the password change, and nowhere else
    await signInPage.goto();
    await signInPage.signIn(ADMIN.username, generated);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Change your password' }),
    ).toBeVisible();
    await expect(page).toHaveURL(/\/change-password$/);
    await checkpoint('forced-change');
    await page.goto('/users');
    await expect(page).toHaveURL(/\/change-password$/);
    // The API refuses the rest too, whatever the page does.
    const users = await page.request.get('/api/users');
    expect(users.status()).toBe(403);
    expect(((await users.json()) as { code: string }).code).toBe('PasswordChangeRequired');

    // A wrong current password is refused, in words
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not-the-generated-one');
    await form.getByLabel('New password', { exact: true }).fill(FIRST_PASSWORD);
    await form.getByLabel('Confirm new password').fill(FIRST_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form.getByRole('alert')).toContainText('Your current password is not correct.');
    await checkpoint('forced-change-wrong-current');

    // The right one opens the console
    await form.getByLabel('Current password').fill(generated);
    await changePassword(page, form.getByRole('button', { name: 'Change password' }));
    await expect(shell.heading('Users')).toBeVisible();
    await expect(shell.avatarButton(ADMIN.username)).toBeVisible();
    await checkpoint('console-after-change');
  });
});

test('an operator sees their sessions on My account and ends one', async ({
  page,
  playwright,
  baseURL,
  signInAsAdmin,
  shell,
  checkpoint,
}) => {
  await signInAsAdmin();

  // Another browser signs in as the admin
  const other = await playwright.request.newContext({
    baseURL: baseURL!,
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0',
  });
  const login = await other.post('/api/auth/login', {
    data: { username: ADMIN.username, password: ADMIN.password },
  });
  expect(login.ok(), await login.text()).toBeTruthy();

  // My account: who I am, my password, my sessions
  await shell.chooseFromAvatarMenu(ADMIN.username, 'My account');
  await expect(shell.heading('My account')).toBeVisible();
  const sessions = page.getByRole('table', { name: 'Your sessions' });
  await expect(sessions.getByRole('row').filter({ hasText: 'This browser' })).toHaveCount(1);
  await expect(sessions.getByRole('row').filter({ hasText: 'Firefox · Windows' })).toHaveCount(1);
  await checkpoint('my-account');

  // Ending the other browser's session signs it out
  await sessions.getByRole('button', { name: /^End the session of Firefox · Windows/ }).click();
  const confirm = page.getByRole('dialog', { name: 'End this session?' });
  await expect(confirm).toBeVisible();
  await checkpoint('end-session-confirm');
  await confirm.getByRole('button', { name: 'End session' }).click();
  await expect(sessions.getByRole('row').filter({ hasText: 'Firefox · Windows' })).toHaveCount(0);
  expect((await other.get('/api/auth/me')).status()).toBe(401);
  await other.dispose();
  await checkpoint('session-ended');
});

test('an operator changes their password on My account (English and 简体中文)', async ({
  page,
  playwright,
  baseURL,
  signInAsAdmin,
  shell,
  checkpoint,
}) => {
  await signInAsAdmin();
  await shell.chooseFromAvatarMenu(ADMIN.username, 'My account');
  await expect(shell.heading('My account')).toBeVisible();
  const sessions = page.getByRole('table', { name: 'Your sessions' });

  // Changing the password here asks for the current one
  const own = page.getByRole('form', { name: 'Change password' });
  await own.getByLabel('Current password').fill(ADMIN.password);
  await own.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await own.getByLabel('Confirm new password').fill(NEW_PASSWORD + 'x');
  await own.getByRole('button', { name: 'Change password' }).click();
  await expect(own.getByText('The two new passwords do not match.')).toBeVisible();
  await own.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await changePassword(page, own.getByRole('button', { name: 'Change password' }));
  await expect(page.getByText('Your password was changed.')).toBeVisible();
  // This browser stays signed in (with a new session id).
  await expect(sessions.getByRole('row').filter({ hasText: 'This browser' })).toHaveCount(1);
  await checkpoint('password-changed');

  // The same page in 简体中文
  await shell.chooseFromAvatarMenu(ADMIN.username, '简体中文');
  await expect(page.getByRole('heading', { level: 1, name: '我的账号' })).toBeVisible();
  await expect(page.getByRole('table', { name: '您的会话' })).toBeVisible();
  await checkpoint('my-account-zh-cn');

  // The new password is the one that signs in; the old one no longer does
  const fresh = await playwright.request.newContext({ baseURL: baseURL! });
  const signIn = (password: string) =>
    fresh.post('/api/auth/login', { data: { username: ADMIN.username, password } });
  expect((await signIn(ADMIN.password)).status()).toBe(401);
  expect((await signIn(NEW_PASSWORD)).status()).toBe(200);
  await fresh.dispose();
});
