import { ADMIN, expect, ResultDialog, test } from './fixtures';

test.use({ journey: 'reliability-secret-scan' });

test('after a create, the secret is nowhere in the browser or the server output', async ({
  page,
  context,
  consoleServer,
  consoleApi,
  signInAsAdmin,
  phoneVerification,
  accessKeys,
}) => {
  await consoleApi.signIn(ADMIN.username, ADMIN.password);
  await signInAsAdmin();
  await page.goto('/account/access-keys');

  // Create an account AccessKey through the UI, keeping the create answer's headers
  await accessKeys.createButton().click();
  await phoneVerification
    .codeField()
    .fill(await consoleApi.codeSentBy(() => phoneVerification.sendButton().click()));
  const [created] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith('/api/account/access-keys'),
    ),
    phoneVerification.confirmButton().click(),
  ]);
  expect(created.status()).toBe(201);
  expect(created.headers()['cache-control']).toContain('no-store');
  const result = new ResultDialog(page, 'Create User AccessKey');
  await expect(result.dialog.getByText('AccessKey Details')).toBeVisible();
  const { accessKeySecret: secret } = await result.readKey();
  // Shown, but not in the tab title or any image's alt text
  expect(await page.title()).not.toContain(secret);
  const alts = await page
    .locator('img[alt]')
    .evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt') ?? ''));
  expect(alts.join('\n')).not.toContain(secret);

  await result.savedCheckbox().check();
  await result.okButton().click();
  await expect(result.dialog).toBeHidden();

  // Gone from the page: markup, attributes, storage of every kind, cookies
  expect(await page.content()).not.toContain(secret);
  const stored = await page.evaluate(async () => {
    const parts: string[] = [];
    for (const s of [localStorage, sessionStorage]) {
      for (let i = 0; i < s.length; i++) parts.push(`${s.key(i)}=${s.getItem(s.key(i)!)}`);
    }
    const dbs = (await indexedDB.databases?.()) ?? [];
    parts.push(...dbs.map((d) => `idb:${d.name}`));
    if ('caches' in window) parts.push(...(await caches.keys()).map((k) => `cache:${k}`));
    return parts;
  });
  expect(stored.join('\n')).not.toContain(secret);
  expect(stored.filter((p) => p.startsWith('cache:'))).toEqual([]);
  expect(JSON.stringify(await context.cookies())).not.toContain(secret);

  // A reload (or going back) cannot bring it back from a cache
  await page.reload();
  await expect(accessKeys.table()).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  await page.goBack();
  expect(await page.content()).not.toContain(secret);

  // The server printed nothing with it
  expect(consoleServer.output()).not.toContain(secret);
});
