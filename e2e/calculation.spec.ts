import { expect, test } from '@playwright/test';
import { CAFFEINE_SMILES, EditorPage } from './pages/editor-page';
import { ResultsPage } from './pages/results-page';

test.describe('as the demo researcher', () => {
  test.use({ storageState: 'e2e/.auth/researcher.json' });

  test('caffeine from SMILES to a GFN2 optimisation in water, followed live and studied in 3D', async ({ page, browser }) => {
    test.setTimeout(180_000);
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.typeSmiles(CAFFEINE_SMILES);
    await editor.expectPreviewRendered();
    // The preview geometry (with hydrogens) fills the XYZ field: caffeine has 24 atoms.
    await expect(editor.xyz).toHaveValue(/^24\n/);
    await editor.setParameters({ method: 'GFN2-xTB', task: 'Geometry optimisation', solvation: 'ALPB', solvent: 'water', etemp: '300', charge: '0' });
    const id = await editor.submitAndOpenResult();

    // The list follows the job without a reload.
    const results = new ResultsPage(page);
    await results.gotoList();
    await expect(results.row(id)).toBeVisible();
    let reloads = 0;
    page.on('load', () => reloads++);
    await expect(results.rowStatus(id)).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 });
    expect(reloads).toBe(0);
    await expect(results.row(id).getByTestId('row-energy')).toHaveText(/^-\d+\.\d+\s*\(GFN2-xTB\)$/);

    await results.openResult(id);
    await expect(results.summary('energy')).toHaveText(/^-\d+\.\d+ (Eh|eV|kcal\/mol)$/);
    await expect(results.summary('gap')).toHaveText(/^\d+\.\d+ (Eh|eV|kcal\/mol)$/);
    await expect(results.summary('dipole')).toHaveText(/^\d+\.\d{3} D/);
    await expect(results.viewer).toHaveAttribute('data-state', 'ready');
    await expect(results.viewer.locator('canvas')).toBeVisible();
    await expect(results.atomRows).toHaveCount(24);

    // Row-level security hides it from other accounts: a foreign id is as unknown as a missing one.
    const viewer = await browser.newContext({ storageState: 'e2e/.auth/viewer.json' });
    const viewerPage = await viewer.newPage();
    expect((await viewerPage.goto(`/results/${id}`))?.status()).toBe(404);
    await expect(viewerPage.getByRole('heading', { name: 'Calculation not found' })).toBeVisible();
    await viewer.close();
    expect((await page.goto('/results/00000000-0000-4000-a000-00000000ffff'))?.status()).toBe(404);
  });

  test('two submissions of one molecule keep the names they were given', async ({ page }) => {
    test.setTimeout(180_000);
    const stamp = Date.now();
    const editor = new EditorPage(page);
    const ids: string[] = [];
    for (const [smiles, name] of [
      ['CCO', `first ${stamp}`],
      ['OCC', `second ${stamp}`],
    ] as const) {
      await editor.goto();
      await editor.typeSmiles(smiles);
      await editor.name.fill(name);
      await editor.setParameters({ method: 'GFN2-xTB', task: 'Single point', solvation: 'None (gas phase)', etemp: '300', charge: '0' });
      ids.push(await editor.submitAndOpenResult());
      await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
    }
    const results = new ResultsPage(page);
    await results.gotoList();
    await expect(results.row(ids[0]!)).toContainText(`first ${stamp}`);
    await expect(results.row(ids[1]!)).toContainText(`second ${stamp}`);
  });

  test('the editor restores typed XYZ and parameters after a reload', async ({ page }) => {
    const editor = new EditorPage(page);
    const xyz = `3\nwater ${Date.now()}\nO 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200`;
    await editor.goto();
    await editor.xyz.fill(xyz);
    await editor.setParameters({ method: 'GFN1-xTB', task: 'Single point', etemp: '500', charge: '0' });
    await editor.expectPreviewRendered();
    await editor.expectSaved();

    await page.reload();
    await expect(editor.xyz).toHaveValue(xyz);
    await expect(editor.method).toHaveValue('gfn1');
    await expect(editor.task).toHaveValue('sp');
    await expect(editor.etemp).toHaveValue('500');
  });
});

test.describe('as the demo viewer', () => {
  test.use({ storageState: 'e2e/.auth/viewer.json' });

  test('sees no submit button, and a forged submission is refused', async ({ page, browser }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await expect(page.getByTestId('viewer-notice')).toBeVisible();
    await expect(editor.submit).toHaveCount(0);

    // Capture a genuine submit request from a researcher's editor (and stop it before it reaches the server)...
    const researcher = await browser.newContext({ storageState: 'e2e/.auth/researcher.json' });
    const rPage = await researcher.newPage();
    const rEditor = new EditorPage(rPage);
    await rEditor.goto();
    await rEditor.typeSmiles('O');
    await rEditor.setParameters({ method: 'GFN2-xTB', task: 'Single point', solvation: 'None (gas phase)', etemp: '300', charge: '0' });
    const captured = new Promise<{ headers: Record<string, string>; body: string }>((resolve) => {
      void rPage.route('**/editor', async (route) => {
        const request = route.request();
        // The submission, not an auto-save of the editor's state (also a server action on this page).
        if (request.method() === 'POST' && request.headers()['next-action'] && (request.postData() ?? '').includes('"fromSketch"')) {
          resolve({ headers: request.headers(), body: request.postData() ?? '' });
          await route.abort();
        } else {
          await route.continue();
        }
      });
    });
    await rEditor.submit.click();
    const forged = await captured;
    await researcher.close();

    // ...and replay it with the viewer's session: the action itself refuses.
    const headers = Object.fromEntries(Object.entries(forged.headers).filter(([k]) => !['cookie', 'host', 'content-length'].includes(k.toLowerCase())));
    const response = await page.request.post('/editor', { headers, data: forged.body });
    const text = await response.text();
    expect(text).toContain('Your role does not allow this action.');
    expect(text).not.toContain('"ok":true');
  });
});
