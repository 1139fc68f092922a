// Issue 4: preferences that stick, a theme without a light flash, UI state restored in a new
// browser, the beacon route's refusals, API keys. Each test signs up its own user.
import { expect, test, type Page } from '@playwright/test';
import { SettingsPage } from './pages/settings-page';
import { SignInPage, uniqueEmail } from './pages/sign-in-page';

const PASSWORD = 'a-good-long-password';

async function signUp(page: Page, label: string): Promise<string> {
  const email = uniqueEmail(label);
  await new SignInPage(page).signUp(`Tester ${label}`, email, PASSWORD);
  await expect(page).toHaveURL(/\/editor$/);
  return email;
}

test.describe('preferences', () => {
  test('energy units changed to eV stick after a reload', async ({ page }) => {
    await signUp(page, 'units');
    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.openTab('Preferences');
    const units = page.getByLabel('Energy units');
    await expect(units).toHaveValue('hartree');
    await expect(page.getByTestId('energy-preview')).toHaveText('-5.070544 Eh');
    await units.selectOption('ev');
    await page.getByLabel('Decimal places').fill('3');
    await expect(page.getByTestId('energy-preview')).toHaveText('-137.977 eV');
    await settings.savePreferences();

    await page.reload();
    await expect(page.getByLabel('Energy units')).toHaveValue('ev');
    await expect(page.getByLabel('Decimal places')).toHaveValue('3');
    await expect(page.getByTestId('energy-preview')).toHaveText('-137.977 eV');
  });

  test('dark theme: the server HTML already has the dark class, so a reload has no light flash', async ({ page, context }) => {
    await signUp(page, 'theme');
    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.openTab('Preferences');
    await page.getByLabel('Theme').selectOption('dark');
    await settings.savePreferences();
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    expect((await context.cookies()).find((c) => c.name === 'qf-theme')?.value).toBe('dark');

    // The HTML as the server sends it, before any script runs.
    const html = await (await page.request.get('/settings')).text();
    expect(html).toMatch(/<html[^>]*class="dark"/);

    // And in the browser: dark at the first frame (before the first paint) of a reload.
    await page.addInitScript(() => {
      requestAnimationFrame(() => {
        (window as unknown as { __darkAtFirstFrame: boolean }).__darkAtFirstFrame = document.documentElement.classList.contains('dark');
      });
    });
    await page.reload({ waitUntil: 'domcontentloaded' });
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __darkAtFirstFrame?: boolean }).__darkAtFirstFrame)).toBe(true);

    // Back to light: the class goes, also in the server HTML.
    await page.getByLabel('Theme').selectOption('light');
    await settings.savePreferences();
    await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
    expect(await (await page.request.get('/settings')).text()).not.toMatch(/<html[^>]*class="dark"/);
  });

  test('system theme follows the browser before the first paint', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await signUp(page, 'system');
    await page.goto('/settings', { waitUntil: 'domcontentloaded' });
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
  });
});

test.describe('session state', () => {
  test('a closed browser and a new one signed in to the same account resume the same state', async ({ browser }) => {
    const first = await browser.newContext();
    const page = await first.newPage();
    const email = await signUp(page, 'resume');
    const settings = new SettingsPage(page);
    await settings.goto();
    await expect(settings.tab('Preferences')).toHaveAttribute('aria-selected', 'true');
    await settings.openTab('API keys');
    await settings.waitForAutoSave();
    await first.close();

    const second = await browser.newContext();
    const again = await second.newPage();
    const signIn = new SignInPage(again);
    await signIn.goto();
    await signIn.signIn(email, PASSWORD);
    // No target given: the account resumes on the view it was on.
    await expect(again).toHaveURL(/\/settings$/);
    // Rendered by the server with the saved state: selected from the first paint.
    await expect(new SettingsPage(again).tab('API keys')).toHaveAttribute('aria-selected', 'true');
    const html = await (await again.request.get('/settings')).text();
    expect(html).toMatch(/aria-selected="true"[^>]*>API keys</);
    await second.close();
  });

  test('a change made just before the page closes is sent by beacon', async ({ page, context }) => {
    await signUp(page, 'beacon');
    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.openTab('API keys');
    await page.close({ runBeforeUnload: true }); // well inside the 2 s debounce: only the beacon can save it

    const next = await context.newPage();
    await expect
      .poll(
        async () => {
          await next.goto('/settings');
          return next.getByRole('tab', { name: 'API keys' }).getAttribute('aria-selected');
        },
        { timeout: 15_000 },
      )
      .toBe('true');
  });

  test('a change followed at once by a reload is not lost', async ({ page }) => {
    await signUp(page, 'reload');
    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.openTab('API keys');
    await page.reload(); // the beacon may arrive after the new page was rendered: the tab's stash covers it
    await expect(settings.tab('API keys')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('save-status')).toHaveText('Saved');
    await page.goto('/editor');
    await settings.goto();
    await expect(settings.tab('API keys')).toHaveAttribute('aria-selected', 'true');
  });

  test('the beacon route refuses stale, malformed, oversized and signed-out saves and keeps the state', async ({ page, playwright, baseURL }) => {
    await signUp(page, 'route');
    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.openTab('API keys');
    await settings.waitForAutoSave();

    const state = {
      currentView: 'settings',
      activeMoleculeId: null,
      activeCalculationId: null,
      activeBatchId: null,
      editor: { smiles: '', xyz: '', molfile: '', name: '', inputFormat: 'smiles', params: {} },
      sidebar: { collapsed: false, sections: {} },
      tabs: { settings: 'preferences' },
      lists: { results: { filters: {}, sort: null, pageSize: null }, batches: { filters: {}, sort: null, pageSize: null } },
      ui: {},
      recentMolecules: [],
      favouriteCalculations: [],
      pinnedBatches: [],
      searchHistory: [],
      dismissedNotices: [],
      drafts: [],
    };
    // Every refusal is an RFC 9457 problem document with the words the UI would show.
    const problem = async (response: Awaited<ReturnType<typeof page.request.post>>) => {
      expect(response.headers()['content-type']).toBe('application/problem+json');
      return (await response.json()) as { status: number; code?: string; detail?: string };
    };
    const stale = await page.request.post('/api/session', { data: { revision: 1, state } });
    expect(stale.status()).toBe(409);
    expect(await problem(stale)).toMatchObject({ status: 409, code: 'CONFLICT', detail: expect.stringMatching(/newer session state .* is already saved/) });

    const malformed = await page.request.post('/api/session', { data: { revision: Date.now() * 1000 + 999_999, state: { ...state, editor: 42 } } });
    expect(malformed.status()).toBe(422);
    expect((await problem(malformed)).detail).toMatch(/malformed at editor/);

    const big = 'x'.repeat(300 * 1024);
    const oversized = await page.request.post('/api/session', {
      data: { revision: Date.now() * 1000 + 999_999, state: { ...state, editor: { ...state.editor, xyz: big } } },
    });
    expect(oversized.status()).toBe(413);
    expect((await problem(oversized)).detail).toMatch(/too large/);

    // A Buffer goes out as is (a string would be sent JSON-encoded, which is valid JSON).
    const notJson = await page.request.post('/api/session', { data: Buffer.from('{not json'), headers: { 'content-type': 'application/json' } });
    expect(notJson.status()).toBe(400);
    expect((await problem(notJson)).detail).toBe('Session state is not valid JSON.');

    const crossSite = await page.request.post('/api/session', {
      data: { revision: Date.now() * 1000 + 999_999, state },
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(crossSite.status()).toBe(403);
    expect(await problem(crossSite)).toMatchObject({ code: 'FORBIDDEN', detail: 'Cross-site session saves are refused.' });

    const anonymous = await playwright.request.newContext({ baseURL });
    const signedOut = await anonymous.post('/api/session', { data: { revision: Date.now() * 1000 + 999_999, state } });
    expect(signedOut.status()).toBe(401);
    expect(await problem(signedOut)).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'Your session has ended. Please sign in again.' });
    await anonymous.dispose();

    await page.reload();
    await expect(settings.tab('API keys')).toHaveAttribute('aria-selected', 'true');
  });
});

test.describe('API keys', () => {
  test('a key is shown once, listed by prefix and can be revoked', async ({ page }) => {
    await signUp(page, 'keys');
    const settings = new SettingsPage(page);
    await settings.goto();
    await settings.openTab('API keys');
    await page.getByLabel('Key name').fill('screening notebook');
    await page.getByLabel('Expires').selectOption('30');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('new-api-key');
    await expect(shown).toContainText('shown only once');
    const key = (await shown.locator('code').textContent())!;
    expect(key).toMatch(/^qf_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    const prefix = key.split('_').slice(0, 2).join('_');
    const row = page.getByTestId('api-key-row').filter({ hasText: 'screening notebook' });
    await expect(row).toContainText(`${prefix}_…`);
    await expect(row).toContainText('active');

    await page.reload();
    await settings.openTab('API keys'); // the tab may not be saved yet: creating a key took < 2 s
    await expect(page.getByTestId('new-api-key')).toHaveCount(0);
    expect(await page.content()).not.toContain(key.slice(prefix.length + 1));
    await row.getByRole('button', { name: 'Revoke key screening notebook' }).click();
    await row.getByRole('button', { name: `Revoke ${prefix}` }).click();
    await expect(row).toContainText('revoked');
    await page.reload();
    await settings.openTab('API keys');
    await expect(page.getByTestId('api-key-row').filter({ hasText: 'screening notebook' })).toContainText('revoked');
  });
});
