import { ADMIN, COPY, expect, test } from './fixtures';

test.use({ journey: '10-create-outcome-unknown' });

const t = COPY.en;

test('a create RAM never answered is explained, and the orphan key can be deleted', async ({
  page,
  playwright,
  consoleServer,
  signInAsAdmin,
  consoleApi,
  phoneVerification,
  accessKeys,
  checkpoint,
}) => {
  // RAM will commit the next CreateAccessKey and drop the connection before answering
  const emulator = await playwright.request.newContext({ baseURL: consoleServer.emulatorUrl });
  const fault = await emulator.post('/__emulator/faults', {
    data: { action: 'CreateAccessKey', kind: 'dropAfterCommit', count: 1 },
  });
  expect(fault.ok(), await fault.text()).toBeTruthy();
  await emulator.dispose();

  // Create an AccessKey for ci-deployer
  await signInAsAdmin();
  await page.goto('/users/ci-deployer?tab=authentication');
  await expect(page.getByText('0 of 2 AccessKeys used')).toBeVisible();
  await accessKeys.createButton().click();
  const scenario = page.getByRole('dialog', { name: t.scenarioTitle });
  await scenario.getByRole('radio', { name: 'Applications running outside Alibaba Cloud' }).check();
  await scenario.getByRole('checkbox', { name: t.scenarioConfirm }).check();
  await scenario.getByRole('button', { name: t.continue, exact: true }).click();
  await consoleApi.signIn(ADMIN.username, ADMIN.password);
  await phoneVerification
    .codeField()
    .fill(await consoleApi.codeSentBy(() => phoneVerification.sendButton().click()));
  await phoneVerification.confirmButton().click();

  // No secret, an explanation, and the key that appeared offered for deletion
  const warning = page
    .getByRole('alert')
    .filter({ hasText: 'RAM did not confirm whether the AccessKey was created' });
  await expect(warning).toBeVisible();
  const orphanButton = warning.getByRole('button', { name: /^Delete LTAI/ });
  await expect(orphanButton).toHaveCount(1);
  const orphanId = ((await orphanButton.textContent()) ?? '').replace('Delete ', '').trim();
  await expect(accessKeys.row(orphanId)).toBeVisible();
  await checkpoint('outcome-unknown');

  // Delete the orphan: type its ID, verify
  await orphanButton.click();
  const del = page.getByRole('dialog', { name: 'Delete AccessKey' });
  await del.getByLabel('AccessKey ID to delete').fill(orphanId);
  await del.getByRole('button', { name: 'Delete' }).click();
  await phoneVerification
    .codeField()
    .fill(await consoleApi.codeSentBy(() => phoneVerification.sendButton().click()));
  await phoneVerification.confirmButton().click();
  await expect(warning).toBeHidden();
  await expect(accessKeys.row(orphanId)).toHaveCount(0);
  await expect(page.getByText('0 of 2 AccessKeys used')).toBeVisible();
  await checkpoint('orphan-deleted');
});
