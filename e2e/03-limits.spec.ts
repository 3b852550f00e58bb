import { ADMIN, COPY, expect, test } from './fixtures';

test.use({ journey: '03-limits' });

const t = COPY.en;

test('limits are shown before they bite, and RAM’s own limit error is put in words', async ({
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
  await phoneVerification.confirmButton().click();
  const error = page.getByRole('alert').filter({ hasText: 'LimitExceeded.User.AccessKey' });
  await expect(error).toContainText(
    'This RAM user already has the most AccessKeys allowed (2). Delete one first.',
  );
  await expect(error).toContainText(/Request ID: \S+/);
  await expect(error).toContainText(/RAM request ID: \S+/);
  await checkpoint('ram-limit-error');

  // Now the page knows: Create AccessKey is disabled and says why
  await expect(accessKeys.createButton()).toBeDisabled();
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
