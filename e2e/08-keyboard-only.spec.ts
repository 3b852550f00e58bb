import type { Locator, Page } from '@playwright/test';
import { ADMIN, COPY, expect, ResultDialog, test } from './fixtures';

test.use({ journey: '08-keyboard-only' });

const t = COPY.en;

/** Presses Tab until `target` has focus, as a keyboard user would; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('the account AccessKey flow with the keyboard only', async ({
  page,
  shell,
  securityTips,
  phoneVerification,
  accessKeys,
  consoleApi,
  checkpoint,
}) => {
  // Sign in: the username field has focus, Enter submits
  await page.goto('/');
  await expect(page.getByLabel(t.username)).toBeFocused();
  await page.keyboard.type(ADMIN.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(shell.avatarButton(ADMIN.username)).toBeVisible();

  // Tab to the avatar button; Enter opens the menu with focus on its first item, AccessKey
  await tabTo(page, shell.avatarButton(ADMIN.username));
  await page.keyboard.press('Enter');
  await expect(shell.accountMenu()).toBeVisible();
  const accessKeyItem = shell.accountMenu().getByRole('menuitem', { name: t.accessKey });
  await expect(accessKeyItem).toBeFocused();
  await checkpoint('avatar-menu');
  await page.keyboard.press('Enter');

  // Security Tips: tick the checkbox with Space, then Continue
  await expect(securityTips.dialog).toBeVisible();
  await tabTo(page, securityTips.aware());
  await page.keyboard.press('Space');
  await expect(securityTips.aware()).toBeChecked();
  await tabTo(page, securityTips.continueButton());
  await checkpoint('security-tips');
  await page.keyboard.press('Enter');
  await expect(shell.heading('Security Management')).toBeVisible();

  // Create AccessKey
  await tabTo(page, accessKeys.createButton());
  await page.keyboard.press('Enter');
  await expect(phoneVerification.dialog).toBeVisible();

  // Send the code, type it (read from the demo inbox over HTTP), Enter confirms
  await tabTo(page, phoneVerification.sendButton());
  await consoleApi.signIn(ADMIN.username, ADMIN.password);
  const code = await consoleApi.codeSentBy(() => page.keyboard.press('Enter'));
  await expect(phoneVerification.codeField()).toBeFocused();
  await page.keyboard.type(code);
  await checkpoint('phone-verification');
  await page.keyboard.press('Enter');

  // The result: tick "I have saved the AccessKey Secret", then OK
  const result = new ResultDialog(page, t.resultAccount);
  await expect(result.dialog).toBeVisible();
  const key = await result.readKey();
  await tabTo(page, result.savedCheckbox());
  await page.keyboard.press('Space');
  await expect(result.savedCheckbox()).toBeChecked();
  await tabTo(page, result.okButton());
  await checkpoint('result');
  await page.keyboard.press('Enter');
  await expect(result.dialog).toBeHidden();
  await expect(accessKeys.row(key.accessKeyId)).toBeVisible();
  await checkpoint('listed');
});
