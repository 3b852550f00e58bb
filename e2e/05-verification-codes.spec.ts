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
  // The browser's clock is ours to hold and move (the resend countdown: however slow the
  // machine, the words are checked against a countdown that has not run out), the server's
  // through its test channel (code expiry). Held with a fixed Date.now, not paused: timers keep
  // running, which the countdown's ticks and axe's own queue (in each checkpoint) need.
  await page.clock.install();
  const browserNow = () => page.evaluate(() => Date.now());
  let held = 0;
  const hold = async () => {
    held = await browserNow();
    await page.clock.setFixedTime(held);
  };
  const moveHeld = (ms: number) => page.clock.setFixedTime((held += ms));
  const release = () => page.clock.setSystemTime(held);
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
  const code = await phoneVerification.sendAndReadCode();
  await phoneVerification.codeField().fill('12ab');
  await phoneVerification.confirmButton().click();
  await expect(
    phoneVerification.dialog.getByText('The verification code is 6 digits.'),
  ).toBeVisible();

  // A wrong code (from here on, the browser's clock stands still until we move it)
  await hold();
  const wrong = code === '000000' ? '111111' : '000000';
  await phoneVerification.codeField().fill(wrong);
  await phoneVerification.confirmButton().click();
  await expect(phoneVerification.dialog.getByRole('alert')).toHaveText(
    'The verification code is incorrect: 4 tries left.',
  );
  await checkpoint('wrong-code');

  // Each wrong try says how many are left; the fifth burns the code
  const codeError = phoneVerification.dialog.getByRole('alert');
  for (const left of ['3 tries', '2 tries', '1 try']) {
    await phoneVerification.codeField().fill(wrong);
    await phoneVerification.confirmButton().click();
    await expect(codeError).toHaveText(`The verification code is incorrect: ${left} left.`);
  }
  await phoneVerification.codeField().fill(wrong);
  await phoneVerification.confirmButton().click();
  // The burnt code: Confirm is off, and the words agree with the Send button's countdown…
  await expect(codeError).toHaveText(
    /^Too many wrong codes: this code no longer works\. You can send a new code in \d+ s\.$/,
  );
  await expect(phoneVerification.confirmButton()).toBeDisabled();
  await expect(phoneVerification.resendCountdown()).toBeDisabled();
  await checkpoint('too-many-tries');
  // …until the countdown allows a new code
  await moveHeld(61_000);
  await expect(codeError).toHaveText(
    'Too many wrong codes: this code no longer works. Send a new code.',
  );
  await expect(
    phoneVerification.dialog.getByRole('button', { name: 'Send a new code' }),
  ).toBeEnabled();
  await checkpoint('too-many-tries-send-new');
  await release();

  // Six minutes later (the server's clock moves; the dialog starts over), a new code…
  await consoleServer.advanceClock(6 * 60_000);
  await phoneVerification.dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(phoneVerification.dialog).toBeHidden();
  await accessKeys.createButton().click();
  const second = await phoneVerification.sendAndReadCode();

  // …used six minutes later still, has expired
  await hold();
  await consoleServer.advanceClock(6 * 60_000);
  await phoneVerification.codeField().fill(second);
  await phoneVerification.confirmButton().click();
  await expect(phoneVerification.dialog.getByRole('alert')).toHaveText(
    /^The verification code has expired\. You can send a new code in \d+ s\.$/,
  );
  await expect(phoneVerification.confirmButton()).toBeDisabled();
  await moveHeld(61_000);
  await expect(phoneVerification.dialog.getByRole('alert')).toHaveText(
    'The verification code has expired. Send a new code.',
  );
  await checkpoint('expired');
  await release();

  // A fresh code, used at once, gets through
  await phoneVerification.dialog.getByRole('button', { name: 'Cancel' }).click();
  await accessKeys.createButton().click();
  await phoneVerification.codeField().fill(await phoneVerification.sendAndReadCode());
  await phoneVerification.confirmButton().click();
  const result = new ResultDialog(page, t.resultAccount);
  await expect(result.dialog).toBeVisible();
  await result.savedCheckbox().check();
  await result.okButton().click();
  await expect(result.dialog).toBeHidden();
});
