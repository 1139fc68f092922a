import { expect, test as setup } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, SignInPage } from './pages/sign-in-page';

// Signs the demo accounts in once; specs reuse the saved storage state.
for (const role of ['researcher', 'admin', 'viewer'] as const) {
  setup(`sign in as demo ${role}`, async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(DEMO[role], DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/editor$/);
    await expect(page.getByTestId('current-user')).toContainText(role);
    await page.context().storageState({ path: `e2e/.auth/${role}.json` });
  });
}
