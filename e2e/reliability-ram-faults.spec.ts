import { ADMIN, expect, test } from './fixtures';
import { clearFaults, planFault } from './support/reliability-faults';

test.use({ journey: 'reliability-ram-faults' });

test('a create whose answer RAM lost: the UI says so in words, shows no secret, and exactly one key exists', async ({
  page,
  consoleServer,
  consoleApi,
  signInAsAdmin,
  phoneVerification,
  accessKeys,
}) => {
  await consoleApi.signIn(ADMIN.username, ADMIN.password);
  await signInAsAdmin();
  await page.goto('/account/access-keys');
  await expect(page.getByText('1 of 5 AccessKeys used')).toBeVisible();

  // RAM commits the next CreateAccessKey, then drops the connection
  await planFault(consoleServer, { action: 'CreateAccessKey', kind: 'dropAfterCommit' });
  await accessKeys.createButton().click();
  await phoneVerification
    .codeField()
    .fill(await consoleApi.codeSentBy(() => phoneVerification.sendButton().click()));
  await phoneVerification.confirmButton().click();

  // The outcome in words, the orphan by its ID, and no result dialog (no secret exists)
  const alert = page
    .getByRole('alert')
    .filter({ hasText: 'RAM did not confirm whether the AccessKey was created' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('This AccessKey appeared, but its secret was lost');
  await expect(page.getByRole('dialog', { name: 'Create User AccessKey' })).toHaveCount(0);
  const keys = await consoleApi.get<{ accessKeys: { accessKeyId: string }[] }>(
    '/api/account/access-keys',
  );
  expect(keys.accessKeys).toHaveLength(2); // exactly one key was created, not two
  const orphanId = (await alert.getByRole('code').first().innerText()).trim();
  expect(keys.accessKeys.map((k) => k.accessKeyId)).toContain(orphanId);
  await expect(accessKeys.row(orphanId)).toBeVisible();
  await expect(page.getByText('2 of 5 AccessKeys used')).toBeVisible();
  await expect(alert.getByRole('button', { name: `Delete ${orphanId}` })).toBeVisible();
  // (Deleting the orphan from the alert is journey 10's.)
});

test('RAM not answering: the page says so in words with the request id, and recovers when RAM is back', async ({
  page,
  consoleServer,
  signInAsAdmin,
  accessKeys,
}) => {
  await signInAsAdmin();
  // Every ListAccessKeys loses its connection (the console retries reads; the UI may too)
  await planFault(consoleServer, {
    action: 'ListAccessKeys',
    kind: 'dropAfterCommit',
    count: 1000,
  });
  await page.goto('/users/bob?tab=authentication');
  const alert = page
    .getByRole('alert')
    .filter({ hasText: 'RAM could not be reached. Try again in a moment.' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText('Error code: RamUnavailable');
  await expect(alert).toContainText(/Request ID: [0-9a-f-]{36}/);

  await clearFaults(consoleServer);
  await page.reload();
  await expect(accessKeys.table()).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'RAM could not be reached' })).toHaveCount(
    0,
  );
});
