import { ADMIN, expect, test } from './fixtures';

test.use({ journey: '09-audit-and-operators' });

test('an admin reads the audit trail and adds a member operator', async ({
  page,
  signInAsAdmin,
  consoleApi,
  shell,
  phoneVerification,
  checkpoint,
}) => {
  // Something to audit: a key created for alice
  await consoleApi.signIn(ADMIN.username, ADMIN.password);
  const { accessKey } = await consoleApi.createAccessKey('alice');

  // Audit: every sensitive action is there, with its outcome
  await signInAsAdmin();
  await shell.navItem('Audit').click();
  await expect(shell.heading('Audit')).toBeVisible();
  const events = page.getByRole('table', { name: 'Audit events' });
  await expect(events.getByRole('row').filter({ hasText: accessKey.accessKeyId })).toContainText(
    'Create AccessKey (verified by code)',
  );
  await checkpoint('audit');

  // Filter by RAM user; the CSV export carries the same filter
  const filters = page.getByRole('form', { name: 'Audit filters' });
  await filters.getByLabel('RAM user').fill('alice');
  await filters.getByRole('button', { name: 'Search' }).click();
  await expect(filters.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
    'href',
    '/api/audit-events.csv?ramUserName=alice',
  );
  await expect(events.getByRole('row').filter({ hasText: 'helper-01' }).first()).toBeVisible();
  await checkpoint('audit-filtered');
  const csv = await page.request.get('/api/audit-events.csv?ramUserName=alice');
  expect(csv.ok()).toBeTruthy();
  expect(await csv.text()).toContain(accessKey.accessKeyId);

  // Operators: add a member mapped to bob
  await shell.navItem('Operators').click();
  await expect(shell.heading('Operators')).toBeVisible();
  await checkpoint('operators');
  await page.getByRole('button', { name: 'Add Operator' }).click();
  const add = page.getByRole('dialog', { name: 'Add Operator' });
  await add.getByLabel('Username').fill('erin');
  await add.getByLabel('Password', { exact: true }).fill('erin-password-e2e');
  await add.getByLabel('Mobile phone').fill('+8613900000077');
  await add.getByLabel('RAM user').fill('bob');
  await checkpoint('add-operator');
  await add.getByRole('button', { name: 'OK' }).click();

  // Adding an operator is a verified action, bound to the new username
  await expect(phoneVerification.dialog).toContainText('To add the operator erin');
  await checkpoint('add-operator-verification');
  await phoneVerification.verifyWithDemoInbox();
  await expect(add).toBeHidden();
  const erin = page.getByRole('table', { name: 'Console operators' }).getByRole('row').filter({
    hasText: 'erin',
  });
  await expect(erin).toContainText('Member');
  await expect(erin).toContainText('bob');
  await expect(erin).toContainText('Must change password');
  await checkpoint('operator-added');

  // The audit trail names the operator acted upon, and its filter lists every action
  await shell.navItem('Audit').click();
  await filters.getByLabel('RAM user').clear();
  await filters.getByLabel('Target operator').fill('erin');
  await filters.getByRole('button', { name: 'Search' }).click();
  await expect(
    events.getByRole('row').filter({ hasText: 'Add operator (verified by code)' }),
  ).toContainText('erin');
  await checkpoint('audit-target-operator');
});
