import { ADMIN, expect, test } from './fixtures';

test.use({ journey: '11-delete-user' });

test('an admin deletes a RAM user with its AccessKeys, after typing its name and verifying', async ({
  page,
  signInAsAdmin,
  consoleApi,
  shell,
  phoneVerification,
  checkpoint,
}) => {
  // bob has an AccessKey
  await consoleApi.signIn(ADMIN.username, ADMIN.password);
  await consoleApi.createAccessKey('bob');

  // Delete User on bob's page: the button stays disabled until the name is typed
  await signInAsAdmin();
  await page.goto('/users/bob');
  await expect(shell.heading('bob')).toBeVisible();
  await page.getByRole('button', { name: 'Delete User' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete User' });
  const confirm = dialog.getByRole('button', { name: 'Delete User' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('User name to delete').fill('bob');
  await expect(confirm).toBeEnabled();
  await checkpoint('delete-user');
  await confirm.click();

  // Phone Verification for DeleteUser
  await expect(phoneVerification.dialog).toContainText('To delete the RAM user bob');
  await phoneVerification
    .codeField()
    .fill(await consoleApi.codeSentBy(() => phoneVerification.sendButton().click()));
  await phoneVerification.confirmButton().click();

  // Back on Users, without bob
  await expect(shell.heading('Users')).toBeVisible();
  const users = page.getByRole('table', { name: 'RAM users' });
  await expect(users.getByRole('link', { name: /^alice@/ })).toBeVisible();
  await expect(users.getByRole('link', { name: /^bob@/ })).toHaveCount(0);
  await checkpoint('deleted');
});
