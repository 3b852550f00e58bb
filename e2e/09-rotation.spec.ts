import { ADMIN, bytesOf, COPY, expect, ResultDialog, test } from './fixtures';
import { signOneCallWith } from './support/sign-with-key';

test.use({
  journey: '09-rotation',
  // The old key stays disabled 5 minutes before it may be deleted (the journey then moves the
  // server's clock 6 minutes on instead of waiting); keys older than a day are past the maximum
  // age (the banner journey moves the clock a day on).
  serverSettings: { ROTATION_GRACE_MINUTES: '5', KEY_MAX_AGE_DAYS: '1' },
});

const t = COPY.en;
const USER = 'ci-deployer';

test('an admin rotates a RAM user’s only AccessKey without an outage', async ({
  page,
  consoleApi,
  consoleServer,
  signInAsAdmin,
  shell,
  phoneVerification,
  accessKeys,
  checkpoint,
}) => {
  // The RAM user has one key in use (created and used through the API, as by an application)
  await consoleApi.signIn(ADMIN.username, ADMIN.password);
  const created = await consoleApi.createAccessKey(USER);
  const old = created.accessKey as { accessKeyId: string; accessKeySecret: string };
  await signOneCallWith(consoleServer.emulatorUrl, old);

  // The user's AccessKeys carry their hygiene; Rotate AccessKey opens the wizard
  await signInAsAdmin();
  await page.goto(`/users/${USER}?tab=authentication`);
  await expect(accessKeys.row(old.accessKeyId)).toContainText('Enabled');
  await page.getByRole('link', { name: 'Rotate AccessKey' }).click();
  await expect(shell.heading(`Rotate the AccessKey of ${USER}`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start rotation' })).toBeEnabled();
  await checkpoint('start');

  // (1) Create the new key like every RAM user's key: scenario (with the description),
  // phone verification, shown once
  await page.getByRole('button', { name: 'Start rotation' }).click();
  await checkpoint('create-new-key');
  await page.getByRole('button', { name: 'Create new AccessKey' }).click();
  const scenario = page.getByRole('dialog', { name: t.scenarioTitle });
  await scenario.getByRole('radio', { name: 'Applications running outside Alibaba Cloud' }).check();
  await scenario.getByLabel('Description (optional)').fill('CI pipeline (rotated)');
  await scenario.getByRole('checkbox', { name: t.scenarioConfirm }).check();
  await checkpoint('scenario');
  await scenario.getByRole('button', { name: t.continue, exact: true }).click();
  await phoneVerification.verifyWithDemoInbox();

  const result = new ResultDialog(page, t.resultUser);
  await expect(result.dialog).toBeVisible();
  const fresh = await result.readKey();
  expect(fresh.accessKeyId).not.toBe(old.accessKeyId);
  // The importable profile, built in the browser
  const [profile] = await Promise.all([
    page.waitForEvent('download'),
    result.dialog.getByRole('button', { name: 'Download aliyun CLI profile' }).click(),
  ]);
  expect(profile.suggestedFilename()).toBe('aliyun-cli-profile.json');
  expect(JSON.parse(bytesOf(await profile.path()).toString('utf8'))).toEqual({
    current: USER,
    profiles: [
      {
        name: USER,
        mode: 'AK',
        access_key_id: fresh.accessKeyId,
        access_key_secret: fresh.accessKeySecret,
        region_id: 'cn-hangzhou',
        output_format: 'json',
        language: 'en',
      },
    ],
    meta_path: '',
  });
  await checkpoint('result');
  await result.savedCheckbox().check();
  await result.okButton().click();
  await expect(result.dialog).toBeHidden();

  // (2) Waiting for adoption; a reload resumes at the same step
  const keys = page.getByRole('table', { name: 'AccessKeys of this user' });
  await expect(page.getByText('The new key has not been used yet')).toBeVisible();
  await expect(keys.getByRole('row').filter({ hasText: fresh.accessKeyId })).toContainText(
    'Never used',
  );
  await checkpoint('waiting');
  await page.reload();
  await expect(shell.heading(`Rotate the AccessKey of ${USER}`)).toBeVisible();
  await expect(page.getByText('The new key has not been used yet')).toBeVisible();
  await expect(keys.getByRole('row').filter({ hasText: 'New key' })).toContainText(
    fresh.accessKeyId,
  );
  expect(await page.content()).not.toContain(fresh.accessKeySecret);

  // The application switches: one SDK call signed with the new key
  await signOneCallWith(consoleServer.emulatorUrl, fresh);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(
    page.getByText('The new key has been used, and the old key has not been used since'),
  ).toBeVisible();
  await expect(keys.getByRole('row').filter({ hasText: 'New key' })).not.toContainText(
    'Never used',
  );
  await checkpoint('adopted');

  // (3) Disable the old key
  await page.getByRole('button', { name: 'Disable old key' }).click();
  const disable = page.getByRole('dialog', { name: 'Disable the old AccessKey' });
  await expect(disable).toBeVisible();
  await checkpoint('disable-confirm');
  await disable.getByRole('button', { name: 'Disable old key' }).click();
  await expect(disable).toBeHidden();
  await expect(keys.getByRole('row').filter({ hasText: 'Old key' })).toContainText('Disabled');
  const deleteOld = page.getByRole('button', { name: 'Delete old key' });
  await expect(deleteOld).toBeDisabled();
  await expect(page.getByText(/it can be deleted from/)).toBeVisible();
  await checkpoint('grace-period');

  // (4) After the grace period (the server's clock moves on), delete it: typed ID + verification
  await consoleServer.advanceClock(6 * 60_000);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByText('The grace period is over.', { exact: false })).toBeVisible();
  await deleteOld.click();
  const confirmDelete = page.getByRole('dialog', { name: 'Delete AccessKey' });
  await confirmDelete.getByLabel('AccessKey ID to delete').fill(old.accessKeyId);
  await checkpoint('delete-confirm');
  await confirmDelete.getByRole('button', { name: 'Delete', exact: true }).click();
  await phoneVerification.verifyWithDemoInbox();

  await expect(page.getByText('Rotation complete')).toBeVisible();
  await expect(keys.getByRole('row').filter({ hasText: old.accessKeyId })).toHaveCount(0);
  await checkpoint('completed');

  // The user's list: only the new key, with its description
  await page.goto(`/users/${USER}?tab=authentication`);
  await expect(accessKeys.row(fresh.accessKeyId)).toContainText('CI pipeline (rotated)');
  await expect(accessKeys.row(old.accessKeyId)).toHaveCount(0);
});

test.describe('key hygiene', () => {
  test.use({ journey: '09-key-hygiene' });

  test('an admin describes a key, filters by hygiene and reads the credential report', async ({
    page,
    consoleApi,
    signInAsAdmin,
    shell,
    accessKeys,
    phoneVerification,
    checkpoint,
  }) => {
    await consoleApi.signIn(ADMIN.username, ADMIN.password);
    const { accessKey } = await consoleApi.createAccessKey('alice');

    // The description, edited in the list (no verification: it changes no credential)
    await signInAsAdmin();
    await page.goto('/users/alice?tab=authentication');
    await expect(accessKeys.row(accessKey.accessKeyId)).toContainText('No description');
    await page
      .getByRole('button', { name: `Edit description of ${accessKey.accessKeyId}` })
      .click();
    const dialog = page.getByRole('dialog', { name: 'AccessKey description' });
    await dialog.getByLabel('Description', { exact: true }).fill('Billing export job');
    await checkpoint('description');
    await dialog.getByRole('button', { name: t.ok, exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(accessKeys.row(accessKey.accessKeyId)).toContainText('Billing export job');
    await expect(accessKeys.row(accessKey.accessKeyId)).toContainText('Never used');

    // The hygiene filter
    const filter = page.getByRole('radiogroup', { name: 'Show keys' });
    await filter.getByRole('radio', { name: 'Older than 90 days' }).check();
    await expect(page.getByText('No AccessKey matches this filter')).toBeVisible();
    await filter.getByRole('radio', { name: 'Never used' }).check();
    await expect(accessKeys.row(accessKey.accessKeyId)).toBeVisible();
    await checkpoint('filter');

    // The credential report: every RAM user and key, and the same rows as CSV
    await shell.navItem('Credential report').click();
    await expect(shell.heading('Credential report')).toBeVisible();
    const report = page.getByRole('table', { name: 'Credential report' });
    const aliceRow = report.getByRole('row').filter({ hasText: accessKey.accessKeyId });
    await expect(aliceRow).toContainText('Billing export job');
    await expect(aliceRow).toContainText('Never used');
    await expect(report.getByRole('row').filter({ hasText: 'bob' })).toContainText('No AccessKey');
    await checkpoint('credential-report');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download report (CSV)' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^credential-report-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = bytesOf(await csv.path()).toString('utf8');
    expect(text.startsWith('\uFEFFuser,display_name,access_key_id,status,created,age_days,')).toBe(
      true,
    );
    expect(text).toContain(`alice,Alice Zhang,${accessKey.accessKeyId},Active,`);
    expect(text).toContain(',Billing export job,never-used\r\n');
    expect(text).toContain('bob,Bob Li,,,,,,,,\r\n');

    // An account key described as it is created (the account's flow has no scenario dialog)
    await page.goto('/account/access-keys');
    await expect(shell.heading('Security Management')).toBeVisible();
    await page
      .getByLabel('Description of the new AccessKey (optional)')
      .fill('Terraform state backend');
    await accessKeys.createButton().click();
    await phoneVerification.verifyWithDemoInbox();
    const result = new ResultDialog(page, t.resultAccount);
    const accountKey = await result.readKey();
    await result.savedCheckbox().check();
    await result.okButton().click();
    await expect(result.dialog).toBeHidden();
    await expect(accessKeys.row(accountKey.accessKeyId)).toContainText('Terraform state backend');
    await expect(page.getByLabel('Description of the new AccessKey (optional)')).toHaveValue('');
    await checkpoint('account-key-described');
  });
});

test.describe('key expiry', () => {
  test.use({ journey: '09-key-expiry' });

  test('a member signing in sees a banner listing their own keys past KEY_MAX_AGE_DAYS', async ({
    page,
    consoleApi,
    consoleServer,
    signInPage,
    checkpoint,
  }) => {
    // A member mapped to alice, whose key is created now …
    await consoleApi.signIn(ADMIN.username, ADMIN.password);
    const member = { username: 'mia', password: 'member-password-e2e-1' };
    await consoleApi.createOperator({
      ...member,
      role: 'member',
      phone: '+8613900000077',
      ramUserName: 'alice',
    });
    const { accessKey } = await consoleApi.createAccessKey('alice');

    // … and the server's clock moves a day and 6 minutes on
    await consoleServer.advanceClock(24 * 60 * 60_000 + 6 * 60_000);

    await signInPage.goto();
    await signInPage.signIn(member.username, member.password);
    const banner = page.getByRole('alert').filter({ hasText: 'of your AccessKeys' });
    await expect(banner).toContainText('1 of your AccessKeys is past the 1-day maximum age');
    await expect(banner).toContainText(accessKey.accessKeyId);
    await expect(banner).toContainText('(alice, 1 day old)');
    await expect(banner.getByRole('link', { name: 'Rotate it now' })).toBeVisible();
    await checkpoint('member-banner');
  });
});
