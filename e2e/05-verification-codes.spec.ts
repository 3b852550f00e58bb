import { COPY, expect, ResultDialog, test } from './fixtures';

test.use({ journey: '05-verification-codes' });

const t = COPY.en;

test('wrong, burnt and expired codes are explained, and a new code gets through', async ({
  page,
  signInAsAdmin,
  consoleServer,
  phoneVerification,
  accessKeys,
  checkpoint,
}) => {
  // The browser's clock is ours to move (the 60 s resend countdown), and so is the server's
  await page.clock.install();
  await signInAsAdmin();
  await page.goto('/account/access-keys');
  await accessKeys.createButton().click();
  await expect(phoneVerification.dialog).toBeVisible();

  // Confirm before sending: asked to send a code first
  await phoneVerification.codeField().fill('123456');
  await phoneVerification.confirmButton().click();
  await expect(phoneVerification.dialog.getByRole('alert')).toHaveText(
    'Send a verification code first.',
  );

  // A malformed code is caught before it is sent
  await phoneVerification.sendButton().click();
  const code = await phoneVerification.readCodeFromDemoInbox();
  await phoneVerification.closeDemoInbox();
  await phoneVerification.codeField().fill('12ab');
  await phoneVerification.confirmButton().click();
  await expect(
    phoneVerification.dialog.getByText('The verification code is 6 digits.'),
  ).toBeVisible();

  // A wrong code
  const wrong = code === '000000' ? '111111' : '000000';
  await phoneVerification.codeField().fill(wrong);
  await phoneVerification.confirmButton().click();
  await expect(phoneVerification.dialog.getByRole('alert')).toHaveText(
    'The verification code is incorrect. Check it and try again.',
  );
  await checkpoint('wrong-code');

  // Five wrong tries burn it: even the right code no longer works
  const burnt = phoneVerification.dialog
    .getByRole('alert')
    .filter({ hasText: 'Too many wrong codes' });
  for (let i = 0; i < 5 && !(await burnt.isVisible()); i++) {
    await phoneVerification.codeField().fill(wrong);
    await phoneVerification.confirmButton().click();
    await expect(phoneVerification.dialog.getByRole('alert')).not.toHaveText('');
  }
  await expect(burnt).toHaveText(
    'Too many wrong codes: this code no longer works. Send a new code.',
  );
  await checkpoint('too-many-tries');

  // A minute later, a new code; six minutes later, that one has expired
  await expect(
    phoneVerification.dialog.getByRole('button', { name: /Resend in \d+ s/ }),
  ).toBeDisabled();
  await page.clock.fastForward('01:01');
  await consoleServer.advanceClock();
  await phoneVerification.dialog.getByRole('button', { name: 'Send a new code' }).click();
  const second = await phoneVerification.readCodeFromDemoInbox();
  await phoneVerification.closeDemoInbox();
  await consoleServer.advanceClock();
  await phoneVerification.codeField().fill(second);
  await phoneVerification.confirmButton().click();
  await expect(phoneVerification.dialog.getByRole('alert')).toHaveText(
    'The verification code has expired. Send a new code.',
  );
  await checkpoint('expired');

  // A fresh code, used at once, gets through
  await page.clock.fastForward('01:01');
  await phoneVerification.dialog.getByRole('button', { name: 'Send a new code' }).click();
  const third = await phoneVerification.readCodeFromDemoInbox();
  await phoneVerification.closeDemoInbox();
  await phoneVerification.codeField().fill(third);
  await phoneVerification.confirmButton().click();
  const result = new ResultDialog(page, t.resultAccount);
  await expect(result.dialog).toBeVisible();
  await result.savedCheckbox().check();
  await result.okButton().click();
  await expect(result.dialog).toBeHidden();
});
