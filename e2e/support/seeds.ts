import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import type { AccessKeysSection, PhoneVerificationDialog, Shell, ResultDialog } from './pages';
import { COPY, type FlowWords } from './pages';

/**
 * The actions the seed journeys (e2e/seed-*.spec.ts) share. Each journey walks its own seed's
 * numbered steps in that seed's words (the test.step titles); these are only the hands.
 */
export interface SeedHands {
  page: Page;
  shell: Shell;
  phoneVerification: PhoneVerificationDialog;
  accessKeys: AccessKeysSection;
  words: FlowWords;
  checkpoint: (name: string) => Promise<void>;
}

const t = COPY.en;
const BOM = '\uFEFF';

/** The Users page through the left navigation: Identities > Users. */
export async function chooseIdentitiesUsers({ shell }: SeedHands) {
  await expect(shell.nav().getByText('Identities', { exact: true })).toBeVisible();
  await shell.navItem('Users').click();
  await expect(shell.heading('Users')).toBeVisible();
}

/** Create User: logon name and display name, OK; lands on the new user's page. */
export async function createUser(h: SeedHands, userName: string, displayName: string) {
  await h.page.getByRole('button', { name: t.createUser }).click();
  const dialog = h.page.getByRole('dialog', { name: t.createUser });
  await dialog.getByLabel(t.logonName).fill(userName);
  await dialog.getByLabel(t.displayName).fill(displayName);
  await h.checkpoint('create-user');
  await dialog.getByRole('button', { name: t.ok }).click();
  await expect(h.shell.heading(userName)).toBeVisible();
}

/** Finds a RAM user by searching the Users list and clicks the user logon name. */
export async function openUser(h: SeedHands, userName: string) {
  const search = h.page.getByRole('searchbox', { name: 'Search users' });
  await search.fill(userName);
  await search.press('Enter');
  const users = h.page.getByRole('table', { name: 'RAM users' });
  await users.getByRole('link', { name: new RegExp(`^${userName}@`) }).click();
  await expect(h.shell.heading(userName)).toBeVisible();
}

/** The Authentication tab and its AccessKeys section. */
export async function openAuthentication(h: SeedHands) {
  await h.page.getByRole('tab', { name: t.authentication }).click();
  await expect(
    h.page.getByRole('heading', { name: h.words.userKeysSection, exact: true }),
  ).toBeVisible();
}

/**
 * The scenario dialog every RAM user's key goes through (seed 004's, kept in every generation):
 * a use case, "I confirm that it is necessary to create an AccessKey", Continue.
 */
export async function chooseScenario(h: SeedHands, useCase: string) {
  const scenario = h.page.getByRole('dialog', { name: t.scenarioTitle });
  await expect(scenario).toBeVisible();
  // The note on the alternatives (RAM roles, STS) before anything else
  await expect(scenario.getByRole('note')).toContainText('RAM roles');
  await expect(scenario.getByRole('note')).toContainText('STS');
  const continueButton = scenario.getByRole('button', { name: t.continue, exact: true });
  await expect(continueButton).toBeDisabled();
  await scenario.getByRole('radio', { name: useCase }).check();
  await scenario.getByRole('checkbox', { name: t.scenarioConfirm }).check();
  await h.checkpoint('scenario');
  await continueButton.click();
  await expect(scenario).toBeHidden();
}

/** Phone Verification: send, read the newer code in the Demo inbox, type it, Confirm/OK. */
export async function completePhoneVerification(h: SeedHands) {
  const v = h.phoneVerification;
  await expect(v.dialog).toBeVisible();
  await expect(v.dialog.getByText('138****8000')).toBeVisible();
  await v.codeField().fill(await v.sendAndReadCode());
  await h.checkpoint('phone-verification');
  await v.confirmButton().click();
  await expect(v.dialog).toBeHidden();
}

/** The bytes of a downloaded AccessKey.csv as text (BOM kept). */
export async function downloadCsv(h: SeedHands, result: ResultDialog, button: string) {
  const [download] = await Promise.all([
    h.page.waitForEvent('download'),
    result.dialog.getByRole('button', { name: button, exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('AccessKey.csv');
  return readFileSync(await download.path()).toString('utf8');
}

export function expectAccountCsv(
  csv: string,
  key: { accessKeyId: string; accessKeySecret: string },
) {
  expect(csv).toBe(
    `${BOM}AccessKey ID,AccessKey Secret\r\n${key.accessKeyId},${key.accessKeySecret}\r\n`,
  );
}

export function expectUserCsv(
  csv: string,
  userName: string,
  key: { accessKeyId: string; accessKeySecret: string },
) {
  expect(csv).toBe(
    `${BOM}UserPrincipalName,AccessKeyId,AccessKeySecret\r\n` +
      `${userName}@ram-console-demo.onaliyun.com,${key.accessKeyId},${key.accessKeySecret}\r\n`,
  );
}

/** "Copy" puts the pair on the clipboard (and says Copied). */
export async function copyBoth(h: SeedHands, result: ResultDialog) {
  await result.copyButton().click();
  await expect(result.dialog.getByRole('button', { name: 'Copied', exact: true })).toBeVisible();
  return h.page.evaluate(() => navigator.clipboard.readText());
}

/** "I have saved the AccessKey Secret", then OK: the dialog closes and the key is listed. */
export async function savedThenOk(
  h: SeedHands,
  result: ResultDialog,
  key: { accessKeyId: string; accessKeySecret: string },
) {
  await expect(result.okButton()).toBeDisabled();
  await result.savedCheckbox().check();
  await result.okButton().click();
  await expect(result.dialog).toBeHidden();
  await expect(h.accessKeys.row(key.accessKeyId)).toContainText('Enabled');
  expect(await h.page.content()).not.toContain(key.accessKeySecret);
}
