import { ADMIN, bytesOf, COPY, expect, ResultDialog, test } from './fixtures';

test.use({ journey: '07-zh-cn', lang: 'zh-CN' });

const zh = COPY['zh-CN'];

test('the whole RAM user AccessKey flow in 简体中文, remembered across visits', async ({
  page,
  signInPage,
  shell,
  securityTips,
  phoneVerification,
  accessKeys,
  checkpoint,
}) => {
  // Switch to 简体中文 on the sign-in page
  await page.goto('/');
  await page
    .getByRole('group', { name: 'Language' })
    .getByRole('button', { name: '简体中文' })
    .click();
  await expect(page.getByRole('button', { name: zh.signIn })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await checkpoint('sign-in');
  await signInPage.signIn(ADMIN.username, ADMIN.password);
  await expect(shell.heading(zh.users)).toBeVisible();

  // The choice survives a reload
  await page.reload();
  await expect(shell.heading(zh.users)).toBeVisible();
  await checkpoint('users');

  // 头像 → AccessKey → 安全提示 → 开始使用子用户AccessKey
  await shell.chooseFromAvatarMenu(ADMIN.username, zh.accessKey);
  await expect(securityTips.dialog).toBeVisible();
  await expect(securityTips.aware()).toBeVisible();
  await expect(securityTips.continueButton()).toBeDisabled();
  await checkpoint('security-tips');
  await securityTips.subUsersButton().click();

  // 创建用户
  await page.getByRole('button', { name: zh.createUser }).click();
  const createUser = page.getByRole('dialog', { name: zh.createUser });
  await createUser.getByLabel(zh.logonName).fill('li-lei');
  await createUser.getByLabel(zh.displayName).fill('李雷');
  await checkpoint('create-user');
  await createUser.getByRole('button', { name: zh.ok }).click();
  await expect(shell.heading('li-lei')).toBeVisible();

  // 认证管理 → 创建AccessKey → 我确认必须创建AccessKey → 继续创建
  await page.getByRole('tab', { name: zh.authentication }).click();
  await accessKeys.createButton().click();
  const scenario = page.getByRole('dialog', { name: zh.scenarioTitle });
  await scenario.getByRole('radio', { name: '本地开发与测试' }).check();
  await scenario.getByRole('checkbox', { name: zh.scenarioConfirm }).check();
  await checkpoint('scenario');
  await scenario.getByRole('button', { name: zh.continue }).click();

  // 手机验证 → 获取验证码 → 验证码 → 确定
  await expect(phoneVerification.dialog).toBeVisible();
  const code = await phoneVerification.readCodeFromDemoInbox(await phoneVerification.sendCode());
  await checkpoint('demo-inbox');
  await phoneVerification.closeDemoInbox();
  await phoneVerification.codeField().fill(code);
  await checkpoint('phone-verification');
  await phoneVerification.confirmButton().click();

  // 创建AccessKey → AccessKey详情 → 下载CSV文件 → 我已保存AccessKey Secret → 确定
  const result = new ResultDialog(page, zh.resultUser, zh);
  await expect(result.dialog.getByText(zh.accessKeyDetails)).toBeVisible();
  const key = await result.readKey();
  await checkpoint('result');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    result.downloadButton().click(),
  ]);
  expect(bytesOf(await download.path()).toString('utf8')).toBe(
    '\uFEFFUserPrincipalName,AccessKeyId,AccessKeySecret\r\n' +
      `li-lei@ram-console-demo.onaliyun.com,${key.accessKeyId},${key.accessKeySecret}\r\n`,
  );
  await result.savedCheckbox().check();
  await result.okButton().click();
  await expect(accessKeys.row(key.accessKeyId)).toContainText('已启用');
  await checkpoint('listed');
});
