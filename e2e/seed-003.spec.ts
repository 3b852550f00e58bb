import { ADMIN, expect, ResultDialog, test } from './fixtures';
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

// ../shared/seeds/003: "Obtain an AccessKey pair" (SLB), the Note generation (CONSOLE_FLOW=note).
test.use({ journey: 'seed-003', flow: 'note' });

test('seed 003: Obtain an AccessKey pair in the Note generation, step by step', async ({
  page,
  signInPage,
  shell,
  securityTips: note,
  phoneVerification,
  accessKeys,
  words,
  checkpoint,
}) => {
  // Both of the seed's paths (the account's key and a RAM user's) in one walk: twice a journey.
  test.slow();
  const h = { page, shell, phoneVerification, accessKeys, words, checkpoint };
  const openNote = async () => {
    await shell.hoverAvatarMenu(ADMIN.username);
    await shell
      .accountMenu()
      .getByRole('menuitem', { name: 'AccessKey Management', exact: true })
      .click();
    await expect(page.getByRole('dialog', { name: 'Note' })).toBeVisible();
  };

  await test.step('1. Log on to the Alibaba Cloud Management Console with your Alibaba Cloud account.', async () => {
    await signInPage.goto();
    await signInPage.signIn(ADMIN.username, ADMIN.password);
    await expect(shell.avatarButton(ADMIN.username)).toBeVisible();
  });

  await test.step('2. Move the pointer over your account avatar in the upper-right corner and click AccessKey Management.', async () => {
    await shell.hoverAvatarMenu(ADMIN.username);
    await expect(
      shell.accountMenu().getByRole('menuitem', { name: 'AccessKey Management', exact: true }),
    ).toBeVisible();
    await checkpoint('avatar-menu');
    await shell
      .accountMenu()
      .getByRole('menuitem', { name: 'AccessKey Management', exact: true })
      .click();
  });

  await test.step('3. In the Note dialog box, click Use Current AccessKey Pair or Use AccessKey Pair of RAM User.', async () => {
    await expect(note.dialog).toBeVisible();
    await expect(note.continueButton()).toHaveText('Use Current AccessKey Pair');
    await expect(note.subUsersButton()).toHaveText('Use AccessKey Pair of RAM User');
    await expect(page.getByRole('dialog', { name: 'Security Tips' })).toHaveCount(0);
    await checkpoint('note');
  });

  await test.step('4. Obtain the AccessKey pair of an account.', async () => {
    await test.step('Obtain the AccessKey pair of your Alibaba Cloud account.', async () => {
      await test.step('1. Click Use Current AccessKey Pair.', async () => {
        await expect(note.continueButton()).toBeDisabled();
        await note.aware().check();
        await note.continueButton().click();
      });

      await test.step('2. On the AccessKey Management page, click Create AccessKey.', async () => {
        await expect(shell.heading('AccessKey Management')).toBeVisible();
        await checkpoint('accesskey-management');
        await accessKeys.createButton().click();
      });

      await test.step('3. In the Phone Verification dialog box, obtain the verification code, complete the verification process, and then click OK.', async () => {
        await expect(phoneVerification.confirmButton()).toHaveText('OK');
        await completePhoneVerification(h);
      });

      await test.step('4. In the Create User AccessKey dialog box, view the AccessKey ID and AccessKey secret. You can click Download CSV File to download the AccessKey pair.', async () => {
        const result = new ResultDialog(page, 'Create User AccessKey');
        // Shown at once in this generation (no AccessKey Details to expand)
        await expect(result.detailsToggle()).toHaveCount(0);
        const key = await result.readKey();
        await checkpoint('create-user-accesskey');
        expectAccountCsv(await downloadCsv(h, result, 'Download CSV File'), key);
        await savedThenOk(h, result, key);
      });
    });

    await test.step('Obtain the AccessKey pair of a RAM user.', async () => {
      await test.step('1. Click Use AccessKey Pair of RAM User.', async () => {
        await openNote();
        await note.subUsersButton().click();
        await expect(shell.heading('Users')).toBeVisible();
      });

      await test.step('2. Go to the RAM console. On the Create User page, create a RAM user. If you want to obtain the AccessKey pair of an existing RAM user, skip this step.', async () => {
        await createUser(h, 'slb-operator', 'SLB operator');
      });

      await test.step('3. In the left-side navigation pane of the RAM console, choose Identities > Users.', async () => {
        await chooseIdentitiesUsers(h);
      });

      await test.step('4. Find the RAM user and click the username. In the User AccessKeys section of the Authentication tab, click Create AccessKey.', async () => {
        await openUser(h, 'slb-operator');
        await page.getByRole('tab', { name: 'Authentication' }).click();
        await expect(page.getByRole('heading', { name: 'User AccessKeys' })).toBeVisible();
        await accessKeys.createButton().click();
        await chooseScenario(h, 'Applications running on Alibaba Cloud');
      });

      await test.step('5. On the Phone Verification page, obtain the verification code, complete the verification process, and then click OK.', async () => {
        await completePhoneVerification(h);
      });

      await test.step('6. In the Create AccessKey dialog box, view the AccessKey ID and AccessKey secret. To save the information of the AccessKey pair, you can click Download CSV File or Copy to copy the information of the AccessKey.', async () => {
        const result = new ResultDialog(page, 'Create AccessKey');
        const key = await result.readKey();
        await checkpoint('create-accesskey');
        expectUserCsv(await downloadCsv(h, result, 'Download CSV File'), 'slb-operator', key);
        expect(await copyBoth(h, result)).toContain(key.accessKeySecret);
        await savedThenOk(h, result, key);
      });
    });
  });
});
