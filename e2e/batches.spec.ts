import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { readZip } from '../lib/batches/read-zip-for-tests';
import { BASE_URL } from '../playwright.config';
import { BatchesPage } from './pages/batches-page';
import { chunkedPost, cookieHeader } from './support/chunked-post';
import { download } from './support/downloads';

test.describe('batch manager as the demo researcher', () => {
  test.use({ storageState: 'e2e/.auth/researcher.json' });

  test('upload a CSV, see the bad rows named and the duplicate merged, create the batch and watch it finish', async ({ page, browser }) => {
    test.setTimeout(240_000);
    const batches = new BatchesPage(page);
    const name = `e2e screening ${Date.now()}`;
    await batches.gotoNew();
    // Semicolon separated, quoted names, a BOM and CRLF: what a European spreadsheet writes.
    const csv =
      '\uFEFFName;SMILES;charge\r\n"water";O;\r\n"methanol";CO;\r\n"broken ring";C1CC;\r\n"methanol, again";OC;\r\n"uranium";[U];\r\n"ammonium";[NH4+];1\r\n';
    await batches.upload('screen.csv', csv);

    await expect(batches.count('rows')).toHaveText('6');
    await expect(batches.count('valid')).toHaveText('3');
    await expect(batches.count('invalid')).toHaveText('2');
    await expect(batches.count('duplicates')).toHaveText('1');
    await expect(batches.invalidRows).toHaveCount(2);
    await expect(batches.invalidRows.nth(0)).toContainText('3');
    await expect(batches.invalidRows.nth(0)).toContainText('unclosed ring');
    await expect(batches.invalidRows.nth(1)).toContainText('5');
    await expect(batches.invalidRows.nth(1)).toContainText('uranium');
    await expect(page.getByTestId('duplicate-rows')).toContainText('Row 4 (methanol, again) is the same molecule as row 2');

    // The editor's parameter form: a single point is enough here.
    await page.getByLabel('Task').selectOption('sp');
    await batches.create(name);

    await expect(page.getByTestId('batch-name')).toHaveText(name);
    await expect(batches.batchCount('total')).toHaveText('5');
    await expect(batches.batchCount('invalid')).toHaveText('2');
    await expect(page.getByTestId('batch-item')).toHaveCount(5);
    // The page follows the workers without a reload until every calculation has ended.
    let reloads = 0;
    page.on('load', () => reloads++);
    await expect(batches.batchCount('succeeded')).toHaveText('3', { timeout: 180_000 });
    await expect(page.getByTestId('batch-status')).toHaveText('completed');
    await expect(page.getByTestId('batch-progress')).toHaveAttribute('aria-valuenow', '5');
    expect(reloads).toBe(0);
    await expect(page.getByTestId('throughput-chart')).toBeVisible();

    // Another account is answered 404 for this batch's page, as for a batch that does not exist.
    const batchPath = new URL(page.url()).pathname;
    const viewer = await browser.newContext({ storageState: 'e2e/.auth/viewer.json' });
    const viewerPage = await viewer.newPage();
    expect((await viewerPage.goto(batchPath))?.status()).toBe(404);
    expect((await viewerPage.goto('/batches/00000000-0000-4000-a000-00000000ffff'))?.status()).toBe(404);
    await viewer.close();

    // Statistics of the three results, and the CSV export downloaded and read back.
    await expect(page.getByTestId('histogram-energy')).toHaveCount(1);
    await expect(page.getByTestId('histogram-energy')).toContainText('GFN2');
    await expect(page.getByTestId('failure-summary')).toContainText('validation: 2');
    // On a 320 px phone the histogram's axis still reads: several short labels side by side, none
    // overlapping another or leaving the chart, and the unit in the caption (the axis used to show
    // just two "from–to" ranges at full precision).
    await page.setViewportSize({ width: 320, height: 640 });
    const energyChart = page.getByTestId('histogram-energy');
    await expect(energyChart.locator('figcaption')).toContainText(/^Total energy \([^)]+\), GFN2/);
    // The chart follows its box's new width on the next resize observation.
    await expect
      .poll(() =>
        energyChart
          .locator('svg.recharts-surface')
          .first()
          .evaluate((svg) => svg.getBoundingClientRect().width),
      )
      .toBeLessThan(280);
    // recharts draws the tick labels in a layer of their own, not inside the axis' group.
    const ticks = energyChart.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value');
    await expect.poll(() => ticks.count()).toBeGreaterThanOrEqual(3);
    const chartBox = (await energyChart.boundingBox())!;
    const tickBoxes = (await ticks.evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().toJSON() as DOMRect))).sort((a, b) => a.left - b.left);
    for (const [i, box] of tickBoxes.entries()) {
      expect(box.left).toBeGreaterThanOrEqual(chartBox.x);
      expect(box.right).toBeLessThanOrEqual(chartBox.x + chartBox.width);
      if (i > 0) expect(box.left, 'neighbouring axis labels overlap').toBeGreaterThanOrEqual(tickBoxes[i - 1]!.right);
    }
    await page.setViewportSize({ width: 1280, height: 720 });
    const csvFile = await (await download(page, page.getByRole('link', { name: 'CSV' }))).path();
    const [header, ...lines] = (await readFile(csvFile, 'utf8')).trimEnd().split('\r\n');
    const columns = header!.split(',');
    expect(columns).toEqual(expect.arrayContaining(['calculation_id', 'name', 'smiles', 'inchikey', 'status', 'total_energy_Eh', 'gap_eV', 'dipole_D']));
    expect(lines).toHaveLength(3);
    const energies = lines.map((line) => Number(line.split(',')[columns.indexOf('total_energy_Eh')]));
    for (const energy of energies) expect(energy).toBeLessThan(0);
    expect(lines.map((line) => line.split(',')[columns.indexOf('status')])).toEqual(['succeeded', 'succeeded', 'succeeded']);

    // The ZIP: per calculation a JSON file and an XYZ file of its final geometry, read back by Python's zipfile.
    const zipDownload = await download(page, page.getByRole('link', { name: 'ZIP' }));
    const entries = readZip(await readFile((await zipDownload.path())!));
    expect(entries.filter((e) => e.name.endsWith('.json'))).toHaveLength(3);
    const xyz = entries.filter((e) => e.name.endsWith('.xyz'));
    expect(xyz).toHaveLength(3);
    for (const e of xyz) expect(e.text).toMatch(/^\d+\n.* E=-\d+\.\d+ Eh\n\s*[A-Z][a-z]?\s+-?\d/);

    // Filters and the link from an item to its result.
    await page.getByLabel('Status').selectOption('invalid');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/status=invalid/);
    await expect(page.getByTestId('batch-item')).toHaveCount(2);
    await page.getByLabel('Status').selectOption('succeeded');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByTestId('batch-item')).toHaveCount(3);
    await page.getByTestId('batch-item').getByRole('link', { name: 'methanol' }).click();
    await expect(page).toHaveURL(/\/results\/[0-9a-f-]{36}$/);

    await page.goto('/batches');
    const row = page.getByTestId('batch-row').filter({ hasText: name });
    await expect(row).toBeVisible();
    await expect(row).toContainText('completed');
    await expect(row).toContainText('screen.csv');
  });

  test('cancel a running batch, then delete it after confirming', async ({ page }) => {
    test.setTimeout(180_000);
    const batches = new BatchesPage(page);
    const name = `e2e cancel ${Date.now()}`;
    await batches.gotoNew();
    const smiles = Array.from({ length: 30 }, (_, i) => `${'C'.repeat(i + 2)}O`);
    await batches.upload('long.smi', `${smiles.map((s, i) => `${s} alcohol-${i + 1}`).join('\n')}\n`, 'text/plain');
    await expect(batches.count('valid')).toHaveText('30');
    await page.getByLabel('Task').selectOption('opt');
    await batches.create(name);
    await expect(page.getByTestId('batch-name')).toHaveText(name);

    await page.getByRole('button', { name: 'Cancel batch' }).click();
    await expect(page.getByText(/^Batch cancelled: \d+ queued calculations? cancelled/)).toBeVisible();
    await expect(page.getByTestId('batch-status')).toHaveText('cancelled', { timeout: 120_000 });
    expect(Number(await batches.batchCount('cancelled').textContent())).toBeGreaterThan(0);
    await expect(batches.batchCount('queued')).toHaveText('0');
    await expect(page.getByRole('button', { name: 'Cancel batch' })).toHaveCount(0);

    await page.getByRole('button', { name: 'Delete batch' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete “${name}”?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Delete batch and calculations' }).click();
    await expect(page).toHaveURL(/\/batches$/);
    await expect(page.getByTestId('batch-row').filter({ hasText: name })).toHaveCount(0);
  });

  test('a file without one valid row is refused with the reasons of its first rows', async ({ page }) => {
    const batches = new BatchesPage(page);
    await batches.gotoNew();
    await batches.upload('bad.smi', 'C1CC first\n[U] second\n', 'text/plain');
    await expect(batches.error).toContainText('No line of the file holds a molecule we can compute');
    await expect(batches.error).toContainText('line 1: invalid SMILES');
    await expect(batches.error).toContainText('line 2: uranium');
    await expect(batches.preview).toHaveCount(0);
  });
});

test.describe('the upload route', () => {
  test('stops reading a file past 50 MB and answers 413 in words, chunked or not', async ({ request }) => {
    const cookies = cookieHeader('e2e/.auth/researcher.json');
    const LIMIT = 50 * 1024 * 1024;
    const chunked = await chunkedPost(`${BASE_URL}/api/batches/upload?name=huge.csv`, {
      cookies,
      contentType: 'application/octet-stream',
      limit: LIMIT + 8 * 1024 * 1024,
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({
      status: 413,
      detail: expect.stringMatching(/larger than 50 MB, the limit per batch.*Split it into several batches/),
    });
    // It answered while the body was still streaming: the server stopped reading at its limit.
    expect(chunked.sentWhenAnswered).toBeLessThan(LIMIT + 8 * 1024 * 1024);

    const declared = await request.post('/api/batches/upload?name=huge.csv', {
      headers: { cookie: cookies, 'content-type': 'application/octet-stream' },
      data: Buffer.alloc(LIMIT + 1, 'x'),
    });
    expect(declared.status()).toBe(413);
    expect((await declared.json()).detail).toMatch(/larger than 50 MB/);
  });
});

test.describe('as the demo viewer', () => {
  test.use({ storageState: 'e2e/.auth/viewer.json' });

  test('cannot create batches', async ({ page }) => {
    await page.goto('/batches/new');
    await expect(page.getByText('Viewers can look at batches shared with them but cannot create batches.')).toBeVisible();
    await expect(page.locator('#batch-file')).toHaveCount(0);
  });
});
