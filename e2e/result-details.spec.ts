import { expect, test } from '@playwright/test';
import { EditorPage } from './pages/editor-page';
import { ResultsPage } from './pages/results-page';
import { download } from './support/downloads';

test.describe('as the demo researcher', () => {
  test.use({ storageState: 'e2e/.auth/researcher.json' });

  test('water optimised with frequencies: stationary point, modes and downloads', async ({ page }) => {
    test.setTimeout(180_000);
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.xyz.fill(`3\nwater ${Date.now()}\nO 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200`);
    await editor.setParameters({ method: 'GFN2-xTB', task: 'Optimisation + frequencies', solvation: 'None (gas phase)', etemp: '300', charge: '0' });
    await editor.expectPreviewRendered();
    const id = await editor.submitAndOpenResult();

    const results = new ResultsPage(page);
    // The page re-renders with the results when the live status reaches "succeeded".
    await expect(results.status).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 });
    await expect(page.getByTestId('stationary-point')).toHaveText(/minimum/, { timeout: 30_000 });
    await expect(page.getByTestId('summary-convergence')).toHaveText(/converged/);
    // Water has 3N − 6 = 3 vibrations (xtb also lists the 6 zero modes of translation and rotation).
    const modeRows = page.getByTestId('modes-table').locator('tbody tr');
    expect(await modeRows.count()).toBeGreaterThanOrEqual(3);
    await expect(page.getByTestId('modes-table')).not.toContainText('imaginary');
    await page.getByRole('button', { name: 'Animate' }).last().click();
    await expect(page.getByTestId('mode-viewer').locator('canvas')).toBeVisible();

    const downloads = page.getByTestId('result-downloads');
    const xyzDownload = await download(page, downloads.getByRole('link', { name: 'Optimised geometry (XYZ)' }));
    expect(xyzDownload.suggestedFilename()).toMatch(/\.optimized\.xyz$/);
    const xyzText = await streamText(await xyzDownload.createReadStream());
    const lines = xyzText.trim().split('\n');
    expect(lines[0]!.trim()).toBe('3');
    expect(lines.slice(2).map((l) => l.trim().split(/\s+/)[0])).toEqual(['O', 'H', 'H']);

    const jsonDownload = await download(page, downloads.getByRole('link', { name: 'All results (JSON)' }));
    const json = JSON.parse(await streamText(await jsonDownload.createReadStream()));
    expect(json.id).toBe(id);
    expect(json.stationaryPoint).toBe('minimum');
    expect(json.totalEnergy).toBeLessThan(-5);
    expect(json.vibrationalModes.length).toBeGreaterThanOrEqual(3);
  });
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
