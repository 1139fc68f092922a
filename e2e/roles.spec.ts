import { expect, test } from '@playwright/test';

test.describe('as the demo researcher', () => {
  test.use({ storageState: 'e2e/.auth/researcher.json' });

  test('admin pages are refused and not advertised', async ({ page }) => {
    await page.goto('/editor');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Results' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Dashboard' })).toHaveCount(0);

    for (const path of ['/dashboard', '/admin']) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      await expect(page.getByText('Users by role')).toHaveCount(0);
    }
  });
});

test.describe('as the demo admin', () => {
  test.use({ storageState: 'e2e/.auth/admin.json' });

  test('the dashboard and user list are open', async ({ page }) => {
    await page.goto('/editor');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    await expect(page.getByText('Users by role')).toBeVisible();
    await page.goto('/admin');
    await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  });
});
