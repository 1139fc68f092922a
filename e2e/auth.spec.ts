import { expect, test } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, SignInPage, uniqueEmail } from './pages/sign-in-page';

test.describe('signing up, in and out', () => {
  test('a new user signs up, lands in the app, stays signed in across a reload, signs out', async ({ page }) => {
    const email = uniqueEmail('new');
    await new SignInPage(page).signUp('Ada Lovelace', email, 'a-good-long-password');
    await expect(page).toHaveURL(/\/editor$/);
    await expect(page.getByTestId('current-user')).toContainText('Ada Lovelace');
    await expect(page.getByTestId('current-user')).toContainText('researcher');

    await page.reload();
    await expect(page.getByTestId('current-user')).toContainText('Ada Lovelace');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto('/editor');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Feditor/);
  });

  test('sign-up explains a taken e-mail, a weak password and a bad address', async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.signUp('Someone', DEMO.researcher, 'a-good-long-password');
    await expect(page.getByRole('alert').filter({ hasText: 'already exists' })).toBeVisible();

    await signIn.signUp('Someone', uniqueEmail('weak'), 'short');
    await expect(page.getByText('Use at least 8 characters.')).toBeVisible();

    await signIn.signUp('Someone', 'not-an-address', 'a-good-long-password');
    await expect(page.getByText('Enter a valid e-mail address.')).toBeVisible();
    // What was typed is kept.
    await expect(page.getByLabel('Name')).toHaveValue('Someone');
  });

  test('a wrong password is refused with a clear message', async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(DEMO.researcher, 'not-the-password');
    await expect(page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password.' })).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveValue(DEMO.researcher);
  });

  test('a protected page redirects to sign-in and returns there afterwards', async ({ page }) => {
    await page.goto('/results');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fresults/);
    await new SignInPage(page).signIn(DEMO.researcher, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/results$/);
  });

  test('an outside next= target is ignored', async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto('//evil.example/steal');
    await signIn.signIn(DEMO.researcher, DEMO_PASSWORD);
    await expect(page).toHaveURL(/localhost:\d+\/editor$/);
  });
});
