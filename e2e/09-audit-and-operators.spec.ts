import { ADMIN, expect, test } from './fixtures';
import { pickOption } from './support/pages';

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
  // (actions in words, not API names)
  await expect(events.getByRole('row').filter({ hasText: accessKey.accessKeyId })).toContainText(
    'Create AccessKey (verified by code)',
  );
  await checkpoint('audit');

  // A failure says why, in words: a wrong password
  const wrong = await page.request.post('/api/auth/login', {
    data: { username: 'helper-01', password: 'not-the-password-1' },
  });
  expect(wrong.status()).toBe(401);
  await page.reload();
  await expect(
    events.getByRole('row').filter({ hasText: 'Failure' }).filter({ hasText: 'helper-01' }),
  ).toContainText('The username or password is incorrect.');

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
  // The RAM user is picked from the existing ones, never typed free
  await add.getByRole('combobox', { name: 'RAM user' }).fill('bo');
  await pickOption(page, 'bob (Bob Li)');
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
  // Phones are masked as Alibaba masks them
  await expect(erin).toContainText('139****0077');
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

// Operator changes on a server of their own: each is a verified action, and one admin may send
// five codes an hour.
test.describe('operator changes', () => {
  test.use({ journey: '09-operator-changes' });

  test('an admin changes an operator’s RAM user, then makes them an admin', async ({
    page,
    signInAsAdmin,
    consoleServer,
    shell,
    phoneVerification,
    checkpoint,
  }) => {
    await consoleServer.addOperator({
      username: 'erin',
      password: 'erin-password-e2e',
      role: 'member',
      phone: '+8613900000077',
      ramUserName: 'bob',
    });
    await signInAsAdmin();
    await shell.navItem('Operators').click();
    await expect(shell.heading('Operators')).toBeVisible();
    const erin = page.getByRole('table', { name: 'Console operators' }).getByRole('row').filter({
      hasText: 'erin',
    });
    // Phones are masked as Alibaba masks them
    await expect(erin).toContainText('139****0077');

    // Edit: erin now manages alice (picked, never typed), verified for erin
    await erin.getByRole('button', { name: 'Edit operator erin' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit operator erin' });
    await edit.getByRole('combobox', { name: 'RAM user' }).fill('ali');
    await pickOption(page, 'alice (Alice Zhang)');
    await checkpoint('edit-operator');
    await edit.getByRole('button', { name: 'OK' }).click();
    await expect(phoneVerification.dialog).toContainText('erin');
    await phoneVerification.verifyWithDemoInbox();
    await expect(edit).toBeHidden();
    await expect(erin).toContainText('alice');

    // …and becomes an admin: no RAM user any more
    await erin.getByRole('button', { name: 'Edit operator erin' }).click();
    await edit.getByRole('combobox', { name: 'Role' }).click();
    await pickOption(page, 'Admin');
    await expect(edit.getByRole('combobox', { name: 'RAM user' })).toHaveCount(0);
    await edit.getByRole('button', { name: 'OK' }).click();
    await phoneVerification.verifyWithDemoInbox();
    await expect(edit).toBeHidden();
    await expect(erin).toContainText('Admin');
    await expect(erin).not.toContainText('alice');
    await checkpoint('operator-edited');
  });

  test('an admin changes an operator’s phone through the new number, then resets the password', async ({
    page,
    signInAsAdmin,
    consoleServer,
    shell,
    phoneVerification,
    checkpoint,
  }) => {
    await consoleServer.addOperator({
      username: 'erin',
      password: 'erin-password-e2e',
      role: 'member',
      phone: '+8613900000077',
      ramUserName: 'bob',
    });
    await signInAsAdmin();
    await shell.navItem('Operators').click();
    await expect(shell.heading('Operators')).toBeVisible();
    const erin = page.getByRole('table', { name: 'Console operators' }).getByRole('row').filter({
      hasText: 'erin',
    });
    // Phones are masked as Alibaba masks them
    await expect(erin).toContainText('139****0077');

    // A new phone: the admin's own code first, then the code the NEW number received
    await erin.getByRole('button', { name: 'Change the phone of erin' }).click();
    const phone = page.getByRole('dialog', { name: 'Change the phone of erin' });
    await expect(phone).toContainText('139****0077');
    await phone.getByLabel('New mobile phone').fill('+8613900000088');
    await phone.getByRole('button', { name: 'Send code to the new phone' }).click();
    await phoneVerification.verifyWithDemoInbox();
    await expect(phone.getByRole('status')).toContainText('139****0088');
    // The new number's holder reads it from their phone: here, the emulator's SMS inbox.
    const sms = await fetch(`${consoleServer.emulatorUrl}/__emulator/sms?phone=8613900000088`);
    const code = ((await sms.json()) as { messages: { templateParam: { code: string } }[] })
      .messages[0]!.templateParam.code;
    const codeField = phone.getByLabel('Code sent to the new phone');
    await codeField.fill(code === '000000' ? '111111' : '000000');
    await phone.getByRole('button', { name: 'Confirm' }).click();
    await expect(phone.getByRole('alert')).toHaveText(
      'The verification code is incorrect: 4 tries left.',
    );
    await checkpoint('change-phone');
    await codeField.fill(code);
    await phone.getByRole('button', { name: 'Confirm' }).click();
    await expect(phone).toBeHidden();
    await expect(erin).toContainText('139****0088');

    // A new password, to be replaced at the next sign-in
    await erin.getByRole('button', { name: 'Reset the password of erin' }).click();
    const reset = page.getByRole('dialog', { name: 'Reset the password of erin' });
    await reset.getByLabel('New password').fill('erin-new-password-e2e');
    await expect(
      reset.getByRole('checkbox', { name: 'Require a password change at the next sign-in' }),
    ).toBeChecked();
    await checkpoint('reset-password');
    await reset.getByRole('button', { name: 'OK' }).click();
    await phoneVerification.verifyWithDemoInbox();
    await expect(reset).toBeHidden();
    await expect(erin).toContainText('Must change password');
    await checkpoint('operator-credentials-changed');
  });
});
