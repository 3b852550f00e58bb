import { ADMIN, COPY, expect, ResultDialog, test } from './fixtures';

test.use({ journey: '06-member-self-service' });

const t = COPY.en;
const MEMBER = { username: 'dana', password: 'dana-password-e2e-1' };

test('a member sees only their own RAM user and manages its AccessKeys', async ({
  page,
  consoleApi,
  signInPage,
  shell,
  phoneVerification,
  accessKeys,
  checkpoint,
}) => {
  // An admin maps the member dana to the RAM user bob
  await consoleApi.signIn(ADMIN.username, ADMIN.password);
  await consoleApi.createOperator({
    ...MEMBER,
    role: 'member',
    phone: '+8613900000099',
    ramUserName: 'bob',
  });

  // dana signs in and lands on bob's Authentication tab
  await signInPage.goto();
  await signInPage.signIn(MEMBER.username, MEMBER.password);
  await expect(shell.heading('bob')).toBeVisible();
  await expect(page).toHaveURL(/\/users\/bob\?tab=authentication$/);
  await expect(page.getByRole('heading', { name: t.userAccessKeys })).toBeVisible();
  await checkpoint('landing');

  // Nothing else is offered: one navigation item, a breadcrumb that leads nowhere else
  await expect(shell.navItem('My AccessKeys')).toBeVisible();
  await expect(shell.nav().getByRole('menuitem')).toHaveCount(1);
  const breadcrumb = shell.breadcrumb();
  await expect(breadcrumb).toHaveText('My AccessKeys');
  await expect(breadcrumb.getByRole('link')).toHaveCount(0);

  // Other pages send dana back to bob
  for (const path of ['/users', '/users/alice', '/account/access-keys', '/audit', '/operators']) {
    await page.goto(path);
    await expect(shell.heading('bob')).toBeVisible();
  }

  // Avatar → AccessKey leads to bob's keys too, with no Security Tips for the main account
  await shell.chooseFromAvatarMenu(MEMBER.username, t.accessKey);
  await expect(page.getByRole('dialog', { name: 'Security Tips' })).toHaveCount(0);
  await expect(shell.heading('bob')).toBeVisible();

  // dana creates an AccessKey for bob
  await accessKeys.createButton().click();
  const scenario = page.getByRole('dialog', { name: t.scenarioTitle });
  await scenario.getByRole('radio', { name: 'Local development and testing' }).check();
  await scenario.getByRole('checkbox', { name: t.scenarioConfirm }).check();
  await scenario.getByRole('button', { name: t.continue, exact: true }).click();
  await expect(phoneVerification.dialog.getByText('139****0099')).toBeVisible();
  const code = await phoneVerification.readCodeFromDemoInbox(await phoneVerification.sendCode());
  await checkpoint('member-demo-inbox');
  await phoneVerification.closeDemoInbox();
  await phoneVerification.codeField().fill(code);
  await phoneVerification.confirmButton().click();
  const result = new ResultDialog(page, t.resultUser);
  const key = await result.readKey();
  await checkpoint('result');
  await result.savedCheckbox().check();
  await result.okButton().click();
  await expect(accessKeys.row(key.accessKeyId)).toContainText('Enabled');
  await checkpoint('listed');
});
