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
  openUser,
  savedThenOk,
} from './support/seeds';

// ../shared/seeds/002: "Obtain an AccessKey pair" (Anti-DDoS), the Security Tips generation.
// Where this seed differs from 000 and 001 of its own generation ("click OK" for the button 000
// and 001 call Confirm; landing on the Authentication tab) the console follows the two others
// and DESIGN.md, and the step's title keeps this seed's sentence.
test.use({ journey: 'seed-002', flow: 'security-tips' });

const t = COPY.en;

test('seed 002: Obtain an AccessKey pair, step by step', async ({
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
  const openSecurityTips = async () => {
    await shell.hoverAvatarMenu(ADMIN.username);
    await shell.accountMenu().getByRole('menuitem', { name: 'AccessKey', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Security Tips' })).toBeVisible();
  };

  await test.step('1. Log on to the Alibaba Cloud Management Console by using your Alibaba Cloud account.', async () => {
    await signInPage.goto();
    await signInPage.signIn(ADMIN.username, ADMIN.password);
    await expect(shell.avatarButton(ADMIN.username)).toBeVisible();
  });

  await test.step('2. Move the pointer over your profile picture in the upper-right corner and click AccessKey.', async () => {
    await openSecurityTips();
    await checkpoint('security-tips');
  });

  await test.step('3. Obtain the AccessKey pair of an account.', async () => {
    await test.step('Obtain the AccessKey pair of the Alibaba Cloud account.', async () => {
      await test.step('1. In the Security Tips dialog box, click Continue to manage AccessKey.', async () => {
        await securityTips.aware().check();
        await securityTips.continueButton().click();
      });

      await test.step('2. On the Security Management page, click Create AccessKey.', async () => {
        await expect(shell.heading('Security Management')).toBeVisible();
        await accessKeys.createButton().click();
      });

      await test.step('3. In the Phone Verification dialog box, obtain the verification code, complete the verification process, and then click OK.', async () => {
        await completePhoneVerification(h);
      });

      await test.step('4. In the Create User AccessKey dialog box, expand AccessKey Details to view the AccessKey ID and AccessKey secret. You can click Save AccessKey Information to download the AccessKey pair.', async () => {
        const result = new ResultDialog(page, 'Create User AccessKey');
        await expect(result.detailsToggle()).toHaveAttribute('aria-expanded', 'false');
        await result.detailsToggle().click();
        await expect(result.detailsToggle()).toHaveAttribute('aria-expanded', 'true');
        const key = await result.readKey();
        await checkpoint('accesskey-details-expanded');
        expectAccountCsv(await downloadCsv(h, result, 'Save AccessKey Information'), key);
        await savedThenOk(h, result, key);
      });
    });

    await test.step('Obtain the AccessKey pair of a RAM user.', async () => {
      await test.step('1. In the Security Tips dialog box, click Continue to manage AccessKey.', async () => {
        await openSecurityTips();
        await securityTips.aware().check();
        await securityTips.continueButton().click();
        await expect(shell.heading('Security Management')).toBeVisible();
      });

      await test.step('2. On the RAM console, create a RAM user on the Create User page. Skip this step if you want to obtain the AccessKey pair of an existing RAM user.', async () => {
        await shell.navItem('Users').click();
        await createUser(h, 'ddos-api', 'Anti-DDoS API');
      });

      await test.step('3. In the left-side navigation pane of the RAM console, choose Identities > Users.', async () => {
        await chooseIdentitiesUsers(h);
      });

      await test.step('4. Find the target RAM user and click the user logon name. You are navigated to the Authentication tab. In the User AccessKeys section, click Create AccessKey.', async () => {
        await openUser(h, 'ddos-api');
        await page.getByRole('tab', { name: t.authentication }).click();
        await expect(page.getByRole('heading', { name: 'User AccessKeys' })).toBeVisible();
        await accessKeys.createButton().click();
        await chooseScenario(h, 'Third-party tools and services');
      });

      await test.step('5. In the Phone Verification dialog box, obtain the verification code, complete the verification process, and then click OK.', async () => {
        await completePhoneVerification(h);
      });

      await test.step('6. In the Create AccessKey dialog box, view the AccessKey ID and AccessKey secret. You can also click Download CSV File or Copy to download or copy the AccessKey pair.', async () => {
        const result = new ResultDialog(page, 'Create AccessKey');
        const key = await result.readKey();
        await checkpoint('create-accesskey');
        expectUserCsv(await downloadCsv(h, result, 'Download CSV File'), 'ddos-api', key);
        expect(await copyBoth(h, result)).toContain(key.accessKeyId);
        await savedThenOk(h, result, key);
      });
    });
  });
});
