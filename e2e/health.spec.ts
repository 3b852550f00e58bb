import { expect, test } from '@playwright/test';

test('the console page shows the API health', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'RAM Console' })).toBeVisible();
  await expect(page.getByText('API status: ok · RAM: emulator')).toBeVisible();
});
