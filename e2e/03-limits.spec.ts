import { ADMIN, COPY, expect, test } from './fixtures';

test.use({ journey: '03-limits' });

const t = COPY.en;

test('limits are shown before they bite, and RAM’s own refusal leaves the page explaining the limit', async ({
  page,
  signInAsAdmin,
  consoleApi,
  phoneVerification,
  accessKeys,
  checkpoint,
}) => {
  // alice gets one AccessKey through the API
  await consoleApi.signIn(ADMIN.username, ADMIN.password);
  await consoleApi.createAccessKey('alice');

  // The page says 1 of 2 and offers Create AccessKey
  await signInAsAdmin();
  await page.goto('/users/alice?tab=authentication');
  await expect(page.getByText('1 of 2 AccessKeys used')).toBeVisible();
  await expect(accessKeys.createButton()).toBeEnabled();

  // Meanwhile someone else creates the second one: this page does not know yet
  await consoleApi.createAccessKey('alice');

  // Creating anyway: RAM refuses, and the console says why, with the request ids
  await accessKeys.createButton().click();
  const scenario = page.getByRole('dialog', { name: t.scenarioTitle });
  await scenario.getByRole('radio', { name: 'Local development and testing' }).check();
  await scenario.getByRole('checkbox', { name: t.scenarioConfirm }).check();
  await scenario.getByRole('button', { name: t.continue, exact: true }).click();
  await phoneVerification
    .codeField()
    .fill(await consoleApi.codeSentBy(() => phoneVerification.sendButton().click()));
  const [refused] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith('/api/users/alice/access-keys'),
    ),
    phoneVerification.confirmButton().click(),
  ]);
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { code: string }).code).toBe('LimitExceeded.User.AccessKey');

  // The page asks again and now knows: Create AccessKey is disabled and says why, and the error
  // whose cause is now on the page is gone (no second message saying the same)
  await expect(accessKeys.createButton()).toBeDisabled();
  await expect(page.getByRole('alert').filter({ hasText: 'LimitExceeded' })).toHaveCount(0);
  await expect(
    page.getByText(
      'A RAM user can have at most 2 AccessKeys. Disable and delete one before you create another.',
    ),
  ).toBeVisible();
  await checkpoint('user-at-limit');

  // The account: the console's own key + 4 more = 5
  for (let i = 0; i < 4; i++) await consoleApi.createAccessKey();
  await page.goto('/account/access-keys');
  await expect(accessKeys.createButton()).toBeDisabled();
  await expect(
    page.getByText(
      'An Alibaba Cloud account can have at most 5 AccessKeys. Disable and delete one before you create another.',
    ),
  ).toBeVisible();
  await checkpoint('account-at-limit');
});
