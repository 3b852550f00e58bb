import { ADMIN, bytesOf, COPY, expect, ResultDialog, test } from './fixtures';

test.use({ journey: '01-account-key' });

const t = COPY.en;

test('an admin creates an account AccessKey and saves it as CSV', async ({
  page,
  signInPage,
  signInAsAdmin,
  shell,
  securityTips,
  phoneVerification,
  accessKeys,
  words,
  checkpoint,
}) => {
  // Sign in
  await signInPage.goto();
  await checkpoint('sign-in');
  await signInAsAdmin();
  await checkpoint('users');

  // Avatar → AccessKey opens Security Tips
  await shell.openAvatarMenu(ADMIN.username);
  await checkpoint('avatar-menu');
  await shell.accountMenu().getByRole('menuitem', { name: t.accessKey }).click();
  await expect(securityTips.dialog).toBeVisible();
  await expect(securityTips.continueButton()).toBeDisabled();
  await expect(securityTips.subUsersButton()).toBeEnabled();
  await checkpoint('security-tips');

  // Acknowledge the risk → Continue to manage AccessKey
  await securityTips.aware().check();
  await expect(securityTips.continueButton()).toBeEnabled();
  await checkpoint('security-tips-acknowledged');
  await securityTips.continueButton().click();
  await expect(shell.heading(words.accountPage)).toBeVisible();
  // (The console's own key to call RAM is one of them.)
  await expect(page.getByText('1 of 5 AccessKeys used')).toBeVisible();
  await checkpoint('account-access-keys');

  // Create AccessKey → Phone Verification
  await accessKeys.createButton().click();
  await expect(phoneVerification.dialog).toBeVisible();
  await expect(phoneVerification.dialog.getByText('138****8000')).toBeVisible();
  await checkpoint('phone-verification');
  const before = await phoneVerification.sendCode();

  // The code from the demo inbox
  const code = await phoneVerification.readCodeFromDemoInbox(before);
  await checkpoint('demo-inbox');
  await phoneVerification.closeDemoInbox();
  await phoneVerification.codeField().fill(code);
  await checkpoint('phone-verification-code');
  await phoneVerification.confirmButton().click();

  // The secret, shown once
  const result = new ResultDialog(page, t.resultAccount);
  await expect(result.dialog).toBeVisible();
  // "click AccessKey Details to view the AccessKeyId and AccessKeySecret" (seeds 000-002)
  await expect(result.detailsToggle()).toHaveAttribute('aria-expanded', 'false');
  await expect(result.dialog.getByRole('code')).toHaveCount(0);
  await checkpoint('result-details-collapsed');
  const key = await result.readKey();
  await expect(result.okButton()).toBeDisabled();
  await checkpoint('result');

  // Copy puts both in the clipboard and says so on the button; each field has its own Copy
  await result.copyButton().click();
  const clipboard = await page.evaluate(() => navigator.clipboard.readText());
  expect(clipboard).toBe(
    `AccessKey ID: ${key.accessKeyId}\nAccessKey Secret: ${key.accessKeySecret}`,
  );
  await expect(result.dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
  await result.dialog.getByRole('button', { name: 'Copy AccessKey Secret' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key.accessKeySecret);
  await expect(result.dialog.getByRole('button', { name: 'Copy AccessKey Secret' })).toHaveText(
    'Copied',
  );
  await checkpoint('result-copied');
  // "Copied" stays while the pointer rests on the button (and while it has the focus); the
  // button left behind turns back into "Copy" after its two seconds.
  await expect(result.copyButton()).toHaveText('Copy');
  await expect(result.dialog.getByRole('button', { name: 'Copy AccessKey Secret' })).toHaveText(
    'Copied',
  );

  // Save AccessKey Information: the CSV, exactly these bytes
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    result.dialog.getByRole('button', { name: words.accountDownload }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('AccessKey.csv');
  const expected = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(
      `AccessKey ID,AccessKey Secret\r\n${key.accessKeyId},${key.accessKeySecret}\r\n`,
      'ascii',
    ),
  ]);
  expect(bytesOf(await download.path())).toEqual(expected);

  // Closing any other way asks first
  await page.keyboard.press('Escape');
  const confirmClose = page.getByRole('dialog', { name: 'Close without saving the secret?' });
  await expect(confirmClose).toBeVisible();
  await checkpoint('confirm-close');
  await confirmClose.getByRole('button', { name: 'Go back' }).click();
  await expect(confirmClose).toBeHidden();

  // The gate: OK only after "I have saved the AccessKey Secret"
  await result.savedCheckbox().check();
  await expect(result.okButton()).toBeEnabled();
  await checkpoint('result-saved');
  await result.okButton().click();
  await expect(result.dialog).toBeHidden();

  // Listed without its secret
  await expect(accessKeys.row(key.accessKeyId)).toBeVisible();
  await expect(accessKeys.row(key.accessKeyId)).toContainText('Enabled');
  await expect(page.getByText(key.accessKeySecret)).toHaveCount(0);
  expect(await page.content()).not.toContain(key.accessKeySecret);
  await checkpoint('listed');
});
