import { ADMIN, COPY, expect, ResultDialog, test } from './fixtures';
import {
  chooseIdentitiesUsers,
  chooseScenario,
  completePhoneVerification,
  copyBoth,
  createUser,
  downloadCsv,
  expectAccountCsv,
  expectUserCsv,
  openAuthentication,
  openUser,
  savedThenOk,
} from './support/seeds';

// ../shared/seeds/000: "Obtain an Access Key" (2019), the Security Tips generation.
test.use({ journey: 'seed-000', flow: 'security-tips' });

const t = COPY.en;

test('seed 000: Obtain an Access Key, step by step', async ({
  page,
  signInPage,
  shell,
  securityTips,
  phoneVerification,
  accessKeys,
  words,
  checkpoint,
}) => {
  // Both of the seed's paths (the account's key and a RAM user's) in one walk: twice a journey.
  test.slow();
  const h = { page, shell, phoneVerification, accessKeys, words, checkpoint };

  await test.step('1. Log on to the Alibaba Cloud console with your account credentials.', async () => {
    await signInPage.goto();
    await checkpoint('log-on');
    await signInPage.signIn(ADMIN.username, ADMIN.password);
    await expect(shell.avatarButton(ADMIN.username)).toBeVisible();
  });

  await test.step('2. Rest the pointer over the image in the upper-right corner of the page and click AccessKey.', async () => {
    await shell.hoverAvatarMenu(ADMIN.username);
    await checkpoint('avatar-menu');
    await shell.accountMenu().getByRole('menuitem', { name: 'AccessKey', exact: true }).click();
  });

  await test.step("3. In the Security Tips dialog box, select Continue to manage AccessKey or Get Started with Sub Users' AccessKey.", async () => {
    await expect(securityTips.dialog).toBeVisible();
    await expect(page.getByRole('dialog', { name: 'Security Tips' })).toBeVisible();
    await expect(securityTips.continueButton()).toHaveText('Continue to manage AccessKey');
    await expect(securityTips.subUsersButton()).toHaveText("Get Started with Sub Users' AccessKey");
    // The risk acknowledgment of the newer seeds gates the main account's way out.
    await expect(securityTips.continueButton()).toBeDisabled();
    await checkpoint('security-tips');
  });

  await test.step('4. Obtain an AK.', async () => {
    await test.step('Obtain an AK for your account.', async () => {
      await test.step('1. Click Continue to manage AccessKey.', async () => {
        await securityTips.aware().check();
        await securityTips.continueButton().click();
      });

      await test.step('2. On the Security Management page, click Create AccessKey.', async () => {
        await expect(shell.heading('Security Management')).toBeVisible();
        await checkpoint('security-management');
        await accessKeys.createButton().click();
      });

      await test.step('3. On the Phone Verification page, obtain the verification code, complete the verification process, and click Confirm.', async () => {
        await expect(phoneVerification.confirmButton()).toHaveText('Confirm');
        await completePhoneVerification(h);
      });

      await test.step('4. On the Create User AccessKey page, click AccessKey Details to view the AccessKeyId and AccessKeySecret. You can click Save AccessKey Information to download the AK.', async () => {
        const result = new ResultDialog(page, 'Create User AccessKey');
        await expect(result.dialog).toBeVisible();
        await expect(result.dialog.getByRole('code')).toHaveCount(0);
        await checkpoint('create-user-accesskey');
        await result.detailsToggle().click();
        const key = await result.readKey();
        await checkpoint('accesskey-details');
        expectAccountCsv(await downloadCsv(h, result, 'Save AccessKey Information'), key);
        await savedThenOk(h, result, key);
        await checkpoint('account-key-listed');
      });
    });

    await test.step('Obtain an AK for a RAM user', async () => {
      await test.step("1. Click Get Started with Sub Users' AccessKey.", async () => {
        await shell.hoverAvatarMenu(ADMIN.username);
        await shell.accountMenu().getByRole('menuitem', { name: 'AccessKey', exact: true }).click();
        await securityTips.subUsersButton().click();
        await expect(shell.heading('Users')).toBeVisible();
      });

      await test.step('2. Go to the RAM console and create a RAM user on the Create User page. Skip this step if you have created a RAM user.', async () => {
        await createUser(h, 'etl-runner', 'ETL runner');
      });

      await test.step('3. Go to the RAM console and in the left-side navigation pane, choose Identities > Users.', async () => {
        await chooseIdentitiesUsers(h);
        await checkpoint('identities-users');
      });

      await test.step('4. Find the target RAM user and click the user logon name. Then, click the Authentication tab. In the Access Keys section, click Create AccessKey.', async () => {
        await openUser(h, 'etl-runner');
        await openAuthentication(h);
        await checkpoint('authentication');
        await accessKeys.createButton().click();
        await chooseScenario(h, 'Applications running outside Alibaba Cloud');
      });

      await test.step('5. On the Phone Verification page, obtain the verification code, complete the verification process, and click Confirm.', async () => {
        await completePhoneVerification(h);
      });

      await test.step('6. On the Create AccessKey page, view the AccessKeyId and AccessKeySecret. To download or save the AK, click Download CSV File or Copy.', async () => {
        const result = new ResultDialog(page, t.resultUser);
        const key = await result.readKey();
        await checkpoint('create-accesskey');
        expectUserCsv(await downloadCsv(h, result, 'Download CSV File'), 'etl-runner', key);
        expect(await copyBoth(h, result)).toBe(
          `UserPrincipalName: etl-runner@ram-console-demo.onaliyun.com\nAccessKey ID: ${key.accessKeyId}\nAccessKey Secret: ${key.accessKeySecret}`,
        );
        await savedThenOk(h, result, key);
        await checkpoint('user-key-listed');
      });
    });
  });
});
