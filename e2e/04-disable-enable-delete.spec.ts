import { ADMIN, expect, test } from './fixtures';

test.use({ journey: '04-disable-enable-delete' });

test('disable, enable, disable again, then delete by typing the AccessKey ID', async ({
  page,
  signInAsAdmin,
  consoleApi,
  phoneVerification,
  accessKeys,
  checkpoint,
}) => {
  // A RAM user with one AccessKey (made through the API)
  await consoleApi.signIn(ADMIN.username, ADMIN.password);
  const { accessKey } = await consoleApi.createAccessKey('bob');
  const id = accessKey.accessKeyId;

  await signInAsAdmin();
  await page.goto('/users/bob?tab=authentication');
  const row = accessKeys.row(id);
  await expect(row).toContainText('Enabled');
  // Delete is offered only for a disabled key
  await expect(row.getByRole('button', { name: /Delete/ })).toHaveCount(0);
  await checkpoint('active');

  // Disable: no code needed
  await row.getByRole('button', { name: /Disable/ }).click();
  const disable = page.getByRole('dialog', { name: 'Disable AccessKey' });
  await expect(disable).toBeVisible();
  await checkpoint('disable-dialog');
  await disable.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('Disabled');
  await checkpoint('disabled');

  // Enable: needs phone verification
  await row.getByRole('button', { name: /Enable/ }).click();
  await expect(phoneVerification.dialog).toBeVisible();
  await expect(phoneVerification.dialog).toContainText('To enable an AccessKey of bob');
  // The code is asked for this key: its ticket cannot serve another of bob's keys.
  let asked = page.waitForRequest(
    (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/verifications',
  );
  await phoneVerification
    .codeField()
    .fill(await consoleApi.codeSentBy(() => phoneVerification.sendButton().click()));
  expect((await asked).postDataJSON()).toEqual({
    action: 'EnableAccessKey',
    userName: 'bob',
    accessKeyId: id,
  });
  await phoneVerification.confirmButton().click();
  await expect(phoneVerification.dialog).toBeHidden();
  await expect(row).toContainText('Enabled');
  await checkpoint('enabled');

  // Disable again
  await row.getByRole('button', { name: /Disable/ }).click();
  await disable.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('Disabled');

  // Delete: type the AccessKey ID, then verify
  await row.getByRole('button', { name: /Delete/ }).click();
  const del = page.getByRole('dialog', { name: 'Delete AccessKey' });
  const deleteButton = del.getByRole('button', { name: 'Delete' });
  await expect(deleteButton).toBeDisabled();
  await del.getByLabel('AccessKey ID to delete').fill(id.slice(0, -1));
  await expect(deleteButton).toBeDisabled();
  await del.getByLabel('AccessKey ID to delete').fill(id);
  await expect(deleteButton).toBeEnabled();
  await checkpoint('delete-dialog');
  await deleteButton.click();
  await expect(phoneVerification.dialog).toBeVisible();
  asked = page.waitForRequest(
    (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/verifications',
  );
  await phoneVerification
    .codeField()
    .fill(await consoleApi.codeSentBy(() => phoneVerification.sendButton().click()));
  expect((await asked).postDataJSON()).toEqual({
    action: 'DeleteAccessKey',
    userName: 'bob',
    accessKeyId: id,
  });
  await phoneVerification.confirmButton().click();
  await expect(row).toHaveCount(0);
  await expect(page.getByText('No AccessKeys yet')).toBeVisible();
  await checkpoint('deleted');
});
