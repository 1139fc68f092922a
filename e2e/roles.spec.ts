import { expect, test } from '@playwright/test';
import { uniqueEmail } from './pages/sign-in-page';

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

test.describe('user management as the demo admin', () => {
  test.use({ storageState: 'e2e/.auth/admin.json' });

  test('an admin adds a viewer, promotes them, and deletes the account', async ({ page }) => {
    const email = uniqueEmail('managed');
    await page.goto('/admin');
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Name').fill('Managed Person');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Initial password').fill('short');
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(form.getByText('Use at least 8 characters.')).toBeVisible();

    await form.getByLabel('Initial password').fill('a-good-long-password');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(form.getByText(`Account created for ${email}.`)).toBeVisible();

    const userRow = () => page.getByTestId('user-table').getByRole('row').filter({ hasText: email });
    const row = userRow();
    await expect(row.getByLabel('Role of Managed Person')).toHaveValue('viewer');
    await row.getByLabel('Role of Managed Person').selectOption('researcher');
    await expect(row.getByRole('status')).toHaveText('Saved');
    await page.reload();
    await expect(userRow().getByLabel('Role of Managed Person')).toHaveValue('researcher');

    page.once('dialog', (dialog) => void dialog.accept());
    await userRow()
      .getByRole('button', { name: `Delete ${email}` })
      .click();
    await expect(userRow()).toHaveCount(0);
    await expect(page.getByTestId('audit-log').getByRole('row').filter({ hasText: 'user.delete' }).first()).toContainText('success');
  });
});
