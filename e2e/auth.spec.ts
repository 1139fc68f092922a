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

  test('a forgotten password is reset through the mailed link; the old one no longer signs in', async ({ page, request }) => {
    const email = uniqueEmail('reset');
    const signIn = new SignInPage(page);
    await signIn.signUp('Grace Hopper', email, 'the-first-password');
    await expect(page).toHaveURL(/\/editor$/);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    await page.getByRole('link', { name: 'Forgot password?' }).click();
    // The sign-in page has an Email field too: fill in the one on the new page.
    await expect(page.getByRole('heading', { name: 'Forgot password' })).toBeVisible();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'If an account exists for that address, a link to choose a new password is on its way.' }),
    ).toBeVisible();
    await expect(page.getByRole('link', { name: 'local mail page' })).toBeVisible();

    // The local auth server's mail page, read as a developer would open it.
    const mailPage = await request.get(`http://127.0.0.1:${process.env.QF_E2E_AUTH_PORT ?? '55531'}/mail?to=${encodeURIComponent(email)}`);
    const link = (await mailPage.text()).match(/href="([^"]*\/auth\/confirm\?[^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
    expect(link).toBeTruthy();
    await page.goto(link!);
    await expect(page).toHaveURL(/\/reset-password$/);
    await page.getByLabel('New password', { exact: true }).fill('the-second-password');
    await page.getByLabel('Confirm new password').fill('the-second-password');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your new password is saved.' })).toBeVisible();
    await page.getByRole('link', { name: 'Continue to Quantum Forge' }).click();
    await expect(page).toHaveURL(/\/editor$/);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    await signIn.signIn(email, 'the-first-password');
    await expect(page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password.' })).toBeVisible();
    await signIn.signIn(email, 'the-second-password');
    await expect(page).toHaveURL(/\/editor$/);

    // The link works once.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(link!);
    await expect(page).toHaveURL(/\/forgot-password/);
    await expect(page.getByRole('alert').filter({ hasText: 'This link has expired or was already used. Ask for a new one.' })).toBeVisible();
  });

  test('an outside next= target is ignored', async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto('//evil.example/steal');
    await signIn.signIn(DEMO.researcher, DEMO_PASSWORD);
    await expect(page).toHaveURL(/localhost:\d+\/editor$/);
  });
});
