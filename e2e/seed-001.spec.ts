import { ADMIN, COPY, expect, ResultDialog, test } from './fixtures';
import {
  chooseIdentitiesUsers,
  chooseScenario,
  completePhoneVerification,
  copyBoth,
  downloadCsv,
  expectAccountCsv,
  expectUserCsv,
  openUser,
  savedThenOk,
} from './support/seeds';

// ../shared/seeds/001: "Obtain an AccessKey pair", the Security Tips generation.
test.use({ journey: 'seed-001', flow: 'security-tips' });

const t = COPY.en;

test('seed 001: Obtain an AccessKey pair, step by step', async ({
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

  await test.step('1. Log on to the Alibaba Cloud console by using your Alibaba Cloud account.', async () => {
    await signInPage.goto();
    await signInPage.signIn(ADMIN.username, ADMIN.password);
    await expect(shell.avatarButton(ADMIN.username)).toBeVisible();
    await checkpoint('logged-on');
  });

  await test.step('2. Move the pointer over the account icon in the upper-right corner of the page, and then click AccessKey.', async () => {
    await shell.hoverAvatarMenu(ADMIN.username);
    await shell.accountMenu().getByRole('menuitem', { name: 'AccessKey', exact: true }).click();
  });

  await test.step("3. In the Security Tips dialog box, click Continue to manage AccessKey or Get Started with Sub Users' AccessKey as required.", async () => {
    await expect(page.getByRole('dialog', { name: 'Security Tips' })).toBeVisible();
    await expect(securityTips.continueButton()).toBeVisible();
    await expect(securityTips.subUsersButton()).toBeEnabled();
    await checkpoint('security-tips');
  });

  await test.step('4. Obtain the AccessKey pair of an account.', async () => {
    await test.step('Obtain the AccessKey pair of an Alibaba Cloud account', async () => {
      await test.step('1. Click Continue to manage AccessKey.', async () => {
        await securityTips.aware().check();
        await checkpoint('risk-acknowledged');
        await securityTips.continueButton().click();
      });

      await test.step('2. On the Security Management page, click Create AccessKey.', async () => {
        await expect(shell.heading('Security Management')).toBeVisible();
        await accessKeys.createButton().click();
      });

      await test.step('3. On the Phone Verification page, click Send verification code to obtain the verification code, enter the verification code in the Verification code field, and click Confirm.', async () => {
        await expect(phoneVerification.sendButton()).toHaveText('Send verification code');
        await completePhoneVerification(h);
      });

      await test.step('4. In the Create User AccessKey dialog box, show AccessKey Details to view the AccessKey ID and AccessKey secret. You can click Save AccessKey Information to download the AccessKey pair.', async () => {
        const result = new ResultDialog(page, 'Create User AccessKey');
        await result.detailsToggle().click();
        const key = await result.readKey();
        await checkpoint('accesskey-details');
        expectAccountCsv(await downloadCsv(h, result, 'Save AccessKey Information'), key);
        await savedThenOk(h, result, key);
      });
    });

    await test.step('Obtain the AccessKey pair of a RAM user', async () => {
      await test.step("1. Click Get Started with Sub Users' AccessKey.", async () => {
        await shell.hoverAvatarMenu(ADMIN.username);
        await shell.accountMenu().getByRole('menuitem', { name: 'AccessKey', exact: true }).click();
        await securityTips.subUsersButton().click();
      });

      await test.step('2. If no RAM user is available, click Create User in the RAM console, to create a RAM user. If you need to obtain the AccessKey pair of an existing RAM user, skip this step.', async () => {
        // alice exists: this journey takes the existing user (seed 000's creates one).
        await expect(page.getByRole('button', { name: t.createUser })).toBeVisible();
      });

      await test.step('3. In the left-side navigation pane of the RAM console, choose Identities > Users.', async () => {
        await chooseIdentitiesUsers(h);
      });

      await test.step('4. Find the target user and click the logon name. On the Basic Information page, click the Authentication tab. In the User AccessKeys section, click Create AccessKey.', async () => {
        await openUser(h, 'alice');
        await expect(page.getByRole('tab', { name: 'Basic Information' })).toHaveAttribute(
          'aria-selected',
          'true',
        );
        await checkpoint('basic-information');
        await page.getByRole('tab', { name: t.authentication }).click();
        await expect(page.getByRole('heading', { name: 'User AccessKeys' })).toBeVisible();
        await accessKeys.createButton().click();
        await chooseScenario(h, 'Local development and testing');
      });

      await test.step('5. On the Phone Verification page, click Send verification code to obtain the verification code, enter the verification code in the Verification code field, and click Confirm.', async () => {
        await completePhoneVerification(h);
      });

      await test.step('6. In the Create AccessKey dialog box, view the AccessKey ID and AccessKey secret. You can click Download CSV File to download the AccessKey pair, or click Copy to copy the AccessKey pair.', async () => {
        const result = new ResultDialog(page, 'Create AccessKey');
        const key = await result.readKey();
        await checkpoint('create-accesskey');
        expectUserCsv(await downloadCsv(h, result, 'Download CSV File'), 'alice', key);
        expect(await copyBoth(h, result)).toContain(`AccessKey Secret: ${key.accessKeySecret}`);
        await savedThenOk(h, result, key);
        await checkpoint('listed');
      });
    });
  });
});
