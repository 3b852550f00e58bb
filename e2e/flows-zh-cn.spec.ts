import { ADMIN, COPY, expect, FLOW_COPY, ResultDialog, test } from './fixtures';

// The three generations (CONSOLE_FLOW) in 简体中文: Alibaba's own Chinese console terms, no space
// between Chinese and Latin words.
const zh = COPY['zh-CN'];

for (const flow of ['security-tips', 'note', 'current'] as const) {
  test.describe(flow, () => {
    test.use({ journey: `flows-zh-cn-${flow}`, flow, lang: 'zh-CN' });

    test(`the account's AccessKey in the ${flow} generation, in 简体中文`, async ({
      page,
      signInPage,
      shell,
      securityTips: entry,
      phoneVerification,
      accessKeys,
      checkpoint,
    }) => {
      const w = FLOW_COPY[flow]['zh-CN'];
      await page.goto('/');
      await page
        .getByRole('group', { name: 'Language' })
        .getByRole('button', { name: '简体中文' })
        .click();
      await signInPage.signIn(ADMIN.username, ADMIN.password);
      await expect(shell.avatarButton(ADMIN.username)).toBeVisible();

      // 头像 → the generation's menu item → its dialog
      await shell.hoverAvatarMenu(ADMIN.username);
      await shell.accountMenu().getByRole('menuitem', { name: w.menuItem, exact: true }).click();
      await expect(entry.dialog).toBeVisible();
      await expect(entry.continueButton()).toHaveText(w.mainAccount);
      await expect(entry.subUsersButton()).toHaveText(w.ramUsers);
      await entry.aware().check();
      await checkpoint('entry');
      await entry.continueButton().click();

      // The account's page, Create AccessKey (current: 创建主账号AccessKey first)
      await expect(shell.heading(w.accountPage)).toBeVisible();
      await accessKeys.createButton().click();
      if (flow === 'current') {
        const confirm = page.getByRole('dialog', { name: '创建主账号AccessKey' });
        await confirm.getByRole('checkbox', { name: zh.aware }).check();
        await checkpoint('create-main-account-accesskey');
        await confirm.getByRole('button', { name: w.mainAccount }).click();
      }

      // 手机验证 → 确定
      await expect(phoneVerification.confirmButton()).toHaveText('确定');
      await phoneVerification.codeField().fill(await phoneVerification.sendAndReadCode());
      await phoneVerification.confirmButton().click();

      // The result dialog, titled as the generation titles it
      const result = new ResultDialog(page, w.resultAccount, zh);
      const key = await result.readKey();
      await expect(result.dialog.getByRole('button', { name: w.accountDownload })).toBeVisible();
      await checkpoint('result');
      await result.savedCheckbox().check();
      await result.okButton().click();
      await expect(accessKeys.row(key.accessKeyId)).toContainText('已启用');
    });
  });
}
