import { expect, test } from '@playwright/test';
import { EditorPage } from './pages/editor-page';
import { ResultsPage } from './pages/results-page';
import { DEMO } from './pages/sign-in-page';

test.describe('the operations dashboard', () => {
  test.use({ storageState: 'e2e/.auth/researcher.json' });

  test('an admin sees the panels once a calculation has finished and changes the range; a researcher gets 404', async ({ page, browser }) => {
    test.setTimeout(180_000);
    // The researcher runs one quick calculation and waits for it to finish.
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.typeSmiles('O');
    await editor.expectPreviewRendered();
    await editor.setParameters({ method: 'GFN2-xTB', task: 'Single point' });
    const id = await editor.submitAndOpenResult();
    const results = new ResultsPage(page);
    await results.gotoList();
    await expect(results.rowStatus(id)).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 });

    // Neither the page nor its data endpoint exist for a researcher.
    expect((await page.goto('/dashboard'))?.status()).toBe(404);
    const api = await page.request.get('/api/dashboard?panel=usage&range=24h');
    expect(api.status()).toBe(404);
    expect(api.headers()['content-type']).toBe('application/problem+json');
    expect(await api.json()).toMatchObject({ status: 404 });

    const admin = await browser.newContext({ storageState: 'e2e/.auth/admin.json' });
    const adminPage = await admin.newPage();
    await adminPage.goto('/dashboard');
    for (const name of [
      'Calculations finished per hour',
      'Success rate',
      'Queue now',
      'Workers',
      'Runtime against atom count',
      'Failures by type',
      'Usage by user',
      'Worker hosts over time',
    ]) {
      await expect(adminPage.getByRole('heading', { name, level: 2 })).toBeVisible();
    }
    await expect(adminPage.getByTestId('success-rate')).toHaveText(/^\d+\.\d %$/);
    const usage = adminPage.getByRole('region', { name: 'Usage by user' });
    await expect(usage.getByRole('rowheader', { name: DEMO.researcher })).toBeVisible();
    await expect(adminPage.getByRole('region', { name: 'Runtime against atom count' }).getByRole('rowheader', { name: 'GFN2' })).toBeVisible();
    await expect(adminPage.getByRole('region', { name: 'Workers' }).getByText(/Alive/).first()).toBeVisible();

    // The range lives in the URL; the panels follow it.
    await adminPage.getByLabel('Time range').selectOption('7d');
    await expect(adminPage).toHaveURL(/\/dashboard\?range=7d$/);
    await expect(usage.getByRole('rowheader', { name: DEMO.researcher })).toBeVisible();
    await adminPage.getByLabel('Time range').selectOption('custom');
    await adminPage.getByLabel('From (UTC)').fill('2001-01-01T00:00');
    await adminPage.getByLabel('To (UTC)').fill('2001-01-02T00:00');
    await adminPage.getByRole('button', { name: 'Show' }).click();
    await expect(adminPage).toHaveURL(/from=2001-01-01T00%3A00%3A00\.000Z&to=2001-01-02T00%3A00%3A00\.000Z/);
    await expect(usage.getByText('Nobody ran a calculation in this range.')).toBeVisible();
    const live = await adminPage.request.get('/api/dashboard?panel=success&range=24h');
    expect(live.status()).toBe(200);
    expect((await live.json()).data.succeeded).toBeGreaterThanOrEqual(1);

    // The range is also remembered in the saved UI state: the nav's plain /dashboard link goes back to it.
    await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await expect(adminPage).toHaveURL(/from=2001-01-01T00%3A00%3A00\.000Z&to=2001-01-02T00%3A00%3A00\.000Z/);

    // The researcher's refused attempts are in the audit log; the admin finds them with the browser's filters.
    await adminPage.goto('/admin/audit');
    const filters = adminPage.getByRole('form', { name: 'Audit filters' });
    await filters.getByLabel('Actor (e-mail, name or id)').fill(DEMO.researcher);
    await filters.getByLabel('Action (or its beginning)').fill('dashboard.');
    await filters.getByLabel('Outcome').selectOption('denied');
    await filters.getByRole('button', { name: 'Filter' }).click();
    // Every field goes into the URL (empty ones too), so a filtered view can be bookmarked.
    await expect(adminPage).toHaveURL(/actor=researcher%40quantumforge\.local&action=dashboard\.&entity=&owner=&outcome=denied&from=&to=$/);
    const entries = adminPage.getByTestId('audit-browser').getByRole('row').filter({ hasText: '/api/dashboard' });
    await expect(entries.first()).toContainText('dashboard.view');
    await expect(entries.first()).toContainText('denied');
    await expect(adminPage.getByTestId('audit-browser')).not.toContainText('success');
    await expect(adminPage.getByRole('navigation', { name: 'Audit pages' })).toContainText(/Page 1 of \d+ · \d+ entries/);
    await admin.close();
  });
});
