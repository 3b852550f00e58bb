import { ADMIN, bytesOf, COPY, expect, ResultDialog, test } from './fixtures';

test.use({ journey: '02-ram-user-key' });

const t = COPY.en;

test('an admin creates a RAM user and an AccessKey for it', async ({
  page,
  signInAsAdmin,
  shell,
  securityTips,
  phoneVerification,
  accessKeys,
  checkpoint,
}) => {
  // Avatar → AccessKey → Get Started with Sub Users' AccessKey
  await signInAsAdmin();
  await shell.chooseFromAvatarMenu(ADMIN.username, t.accessKey);
  await expect(securityTips.dialog).toBeVisible();
  await securityTips.subUsersButton().click();
  await expect(shell.heading(t.users)).toBeVisible();
  await checkpoint('users');

  // Search narrows the list
  const search = page.getByRole('searchbox', { name: 'Search users' });
  const users = page.getByRole('table', { name: 'RAM users' });
  await search.fill('ci-');
  await search.press('Enter');
  await expect(users.getByRole('link', { name: /^alice@/ })).toHaveCount(0);
  await expect(users.getByRole('link', { name: /^ci-deployer@/ })).toBeVisible();
  await checkpoint('users-search');

  // Create User
  await page.getByRole('button', { name: t.createUser }).click();
  const createUser = page.getByRole('dialog', { name: t.createUser });
  await expect(createUser).toBeVisible();
  await createUser.getByLabel(t.logonName).fill('deploy-bot');
  await createUser.getByLabel(t.displayName).fill('Deploy bot');
  await checkpoint('create-user');
  await createUser.getByRole('button', { name: t.ok }).click();

  // The user page: Basic Information, then the Authentication tab
  await expect(shell.heading('deploy-bot')).toBeVisible();
  await expect(page.getByText('deploy-bot@ram-console-demo.onaliyun.com')).toBeVisible();
  await checkpoint('user-basic-information');
  await page.getByRole('tab', { name: t.authentication }).click();
  await expect(page.getByRole('heading', { name: t.userAccessKeys })).toBeVisible();
  await checkpoint('user-authentication');

  // Create AccessKey → scenario dialog
  await accessKeys.createButton().click();
  const scenario = page.getByRole('dialog', { name: t.scenarioTitle });
  await expect(scenario).toBeVisible();
  const continueButton = scenario.getByRole('button', { name: t.continue, exact: true });
  await expect(continueButton).toBeDisabled();
  await scenario.getByRole('radio', { name: 'Applications running outside Alibaba Cloud' }).check();
  await scenario.getByRole('checkbox', { name: t.scenarioConfirm }).check();
  await checkpoint('scenario');
  await continueButton.click();

  // Phone Verification with the code from the demo inbox
  await expect(phoneVerification.dialog).toBeVisible();
  await phoneVerification.codeField().fill(await phoneVerification.sendAndReadCode());
  await checkpoint('phone-verification');
  await phoneVerification.confirmButton().click();

  // The secret and the RAM-user CSV layout
  const result = new ResultDialog(page, t.resultUser);
  await expect(result.dialog).toBeVisible();
  const key = await result.readKey();
  await checkpoint('result');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    result.downloadButton().click(),
  ]);
  expect(download.suggestedFilename()).toBe('AccessKey.csv');
  expect(bytesOf(await download.path())).toEqual(
    Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(
        'UserPrincipalName,AccessKeyId,AccessKeySecret\r\n' +
          `deploy-bot@ram-console-demo.onaliyun.com,${key.accessKeyId},${key.accessKeySecret}\r\n`,
        'ascii',
      ),
    ]),
  );
  await result.savedCheckbox().check();
  await result.okButton().click();
  await expect(result.dialog).toBeHidden();

  // Listed, secret gone
  await expect(accessKeys.row(key.accessKeyId)).toContainText('Enabled');
  expect(await page.content()).not.toContain(key.accessKeySecret);
  await checkpoint('listed');
});
