import { expect as baseExpect, test, type Page } from '@playwright/test';
import { EditorPage } from './pages/editor-page';

// Bad input and an honest editor: what a user pastes, uploads or clicks must either be what is
// computed or be refused in words, at once, without freezing the page or breaking auto-save.

// The first preview after a page load fetches OpenChemLib and its tables: slow on a loaded machine.
const expect = baseExpect.configure({ timeout: 45_000 });

const WATER_XYZ = '3\nwater\nO 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200\n';
const WATER_MOL = `water
  hand-written

  3  2  0  0  0  0  0  0  0  0999 V2000
    0.0000    0.0000    0.1173 O   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000    0.7572   -0.4692 H   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000   -0.7572   -0.4692 H   0  0  0  0  0  0  0  0  0  0  0  0
  1  2  1  0
  1  3  1  0
M  END
`;

/** Server-action POSTs (submissions) the page sends from now on. */
function countSubmissions(page: Page): { readonly count: number; bodies: string[] } {
  const bodies: string[] = [];
  page.on('request', (request) => {
    if (
      request.method() === 'POST' &&
      request.headers()['next-action'] &&
      /\/editor$/.test(new URL(request.url()).pathname) &&
      (request.postData() ?? '').includes('"fromSketch"')
    ) {
      bodies.push(request.postData() ?? '');
    }
  });
  return {
    bodies,
    get count() {
      return bodies.length;
    },
  };
}

test.describe('as the demo researcher', () => {
  test.use({ storageState: 'e2e/.auth/researcher.json' });
  // Each test types, previews and waits for auto-save several times: generous on a loaded machine.
  test.describe.configure({ timeout: 180_000 });

  test('a look-alike letter or an invisible character in a SMILES is refused with its position, by the page and by the server', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.typeSmiles('CCО');
    await expect(editor.fieldMessage(editor.smiles)).toHaveText(
      "Character 3 ('О', U+041E) is not allowed in SMILES: use only ASCII letters, digits and symbols.",
    );
    await expect(editor.summary).toHaveCount(0);
    // The server refuses it too: the submit answers with the same words and nothing is created.
    await editor.submit.click();
    // The server's words start in lower case (a string would also match the page's own message).
    await expect(page.getByText(/character 3 \('О', U\+041E\) is not allowed in SMILES/).first()).toBeVisible();
    await expect(page).toHaveURL(/\/editor$/);

    await editor.typeSmiles('C\u200bCO');
    await expect(editor.fieldMessage(editor.smiles)).toContainText('Character 2 (U+200B, a zero-width space) is not allowed in SMILES');
    await editor.typeSmiles('CCO');
    await expect(editor.fieldMessage(editor.smiles)).toHaveCount(0);
    await expect(editor.summary.getByTestId('summary-formula')).toHaveText('C2H6O');
  });

  test('huge pastes are refused by size before any work, with the limit in words, and the page stays usable', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.typeSmiles('O');
    await editor.expectPreviewRendered();
    await editor.smiles.fill('C'.repeat(100_000));
    await expect(editor.fieldMessage(editor.smiles)).toHaveText('This SMILES is 100,000 characters long; the limit is 2,000 characters. It was not pasted.');
    await expect(editor.smiles).toHaveValue('O');

    // A 7 MB paste is measured before the browser inserts it.
    await editor.xyz.evaluate(
      (field, text) => {
        const data = new DataTransfer();
        data.setData('text/plain', text);
        field.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      },
      `900000\nbig\n${'H 0.0 0.0 0.0\n'.repeat(500_000)}`,
    );
    await expect(editor.fieldMessage(editor.xyz)).toContainText(/^The pasted text is 7\.\d MB; the editor takes up to 131\.1 kB/);
    await expect(editor.xyz).not.toHaveValue(/big/);
    await expect(editor.preview).toHaveAttribute('data-state', 'ready');
    // Still responsive: a small edit goes through at once.
    await editor.typeSmiles('CO');
    await expect(editor.summary.getByTestId('summary-formula')).toHaveText('CH4O');
  });

  test('uploads: XYZ and MOL by content, safe names, lists sent to the batch upload, binary and UTF-16 refused, auto-save unharmed', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const fileMessage = editor.fieldMessage(editor.file);

    await editor.upload('passwd.xyz', WATER_XYZ);
    await expect(editor.name).toHaveValue('passwd');
    await expect(editor.xyz).toHaveValue(WATER_XYZ);
    await expect(page.getByTestId('input-source')).toContainText('the XYZ coordinates as typed');
    await expect(editor.summary.getByTestId('summary-formula')).toHaveText('H2O');
    await editor.expectPreviewRendered();

    await editor.upload('water.xyz.exe', WATER_XYZ);
    await expect(fileMessage).toHaveText('The file was not loaded: .exe files are not structure files: upload an .xyz, .mol or .sdf file.');
    await editor.upload('molecules.csv', 'smiles,name\nCCO,ethanol\n');
    await expect(fileMessage).toContainText('upload lists (CSV or SMILES files) on the batch upload page, /batches/new');
    await editor.upload('image.mol', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    await expect(fileMessage).toContainText('this is a PNG image, not a structure file');
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...WATER_MOL].flatMap((c) => [c.charCodeAt(0), 0])]);
    await editor.upload('water-utf16.mol', utf16);
    await expect(fileMessage).toHaveText('The file was not loaded: the file is UTF-16 text: save the file as UTF-8 text and upload it again.');
    // Nothing binary reached the editor's state: it still saves.
    await editor.name.fill('still saving');
    await editor.expectSaved();

    // A MOL file replaces the structure, its name, and the SMILES shown (no stale molecule beside it).
    await editor.typeSmiles('c1ccccc1O');
    await expect(editor.summary.getByTestId('summary-formula')).toHaveText('C6H6O');
    await editor.upload('water.mol', WATER_MOL);
    await expect(editor.name).toHaveValue('water');
    await expect(page.getByTestId('input-source')).toContainText('the uploaded MOL/SDF file');
    await expect(editor.summary.getByTestId('summary-formula')).toHaveText('H2O');
    await expect(editor.smiles).not.toHaveValue('c1ccccc1O');
  });

  test('after an XYZ edit the earlier SMILES is marked as not used, the name of the earlier molecule is cleared, and the summary shows what will be computed', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.typeSmiles('Oc1ccccc1');
    await editor.name.fill('phenol');
    await expect(editor.summary.getByTestId('summary-formula')).toHaveText('C6H6O');
    await expect(editor.summary.getByTestId('summary-mass')).toHaveText('94.11 g/mol');
    await expect(editor.summary.getByTestId('summary-multiplicity')).toHaveText('1 (singlet)');

    await editor.xyz.fill(WATER_XYZ);
    await expect(page.getByTestId('smiles-stale')).toContainText('belongs to an earlier structure and is not used');
    await expect(editor.smiles).toHaveAttribute('data-stale', 'true');
    // The sketch, opened now, says it shows the earlier structure and not what will be computed.
    await page.getByTestId('show-sketcher').click();
    await expect(page.getByTestId('sketcher')).toHaveAttribute('data-stale', 'true');
    await expect(page.getByTestId('sketcher').getByText('The drawing shows an earlier structure: the calculation uses the XYZ coordinates.')).toBeVisible();
    await expect(editor.name).toHaveValue('');
    await expect(page.getByTestId('editor-notice')).toHaveText('The name was cleared: it belonged to the previous structure.');
    await expect(editor.summary.getByTestId('summary-formula')).toHaveText('H2O');

    // Undefined stereochemistry is named before submit.
    await editor.typeSmiles('CC(O)CC');
    await expect(editor.summary.getByTestId('summary-stereo')).toContainText('1 undefined stereocentre');
    await editor.typeSmiles('C[C@H](O)CC');
    await expect(editor.summary.getByTestId('summary-stereo')).toHaveText('fully defined');
  });

  test('malformed XYZ gets words in the 3D preview, not a JavaScript error', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    // The self-check's internal codes never reach the page.
    await expect(page.getByText(/XTB_PARAMETERS_MISSING|xtb_calculator/)).toHaveCount(0);
    await editor.xyz.fill('3\nbroken\nO 0 0 0\nH 0 zero 0\nH 0 0 1\n');
    await expect(page.getByText("The XYZ cannot be shown in 3D: line 4: y coordinate 'zero' is not a number.")).toBeVisible();
    await expect(page.getByText(/undefined|TypeError|Cannot read/)).toHaveCount(0);
    // Without its comment line: the message names the line that should be the title.
    await editor.xyz.fill('3\nO 0 0 0.1\nH 0 0.7 -0.4\nH 0 -0.7 -0.4\n');
    await expect(page.getByText('(is the comment line missing? line 2 should be a title)', { exact: false })).toBeVisible();
    await expect(page.getByText('${commentIndex')).toHaveCount(0);
  });

  test('a blank or non-numeric charge is an error in words, never 0', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.typeSmiles('O');
    await expect(editor.summary).toBeVisible();
    const submissions = countSubmissions(page);
    await editor.charge.fill('');
    await editor.uhf.fill('');
    await editor.submit.click();
    await expect(editor.fieldMessage(editor.charge)).toHaveText('Charge is required.');
    await expect(editor.fieldMessage(editor.uhf)).toHaveText('Unpaired electrons is required.');
    await expect(page.getByText(/expected number|NaN/)).toHaveCount(0);
    expect(submissions.count).toBe(0);
    // Parameters are remembered per user: leave them as other specs expect.
    await editor.charge.fill('0');
    await editor.uhf.fill('0');
    await expect(editor.fieldMessage(editor.charge)).toHaveCount(0);
    await editor.expectSaved();
  });

  test('the sketcher loads only when asked, and clicking every one of its tools submits nothing', async ({ page }) => {
    test.setTimeout(240_000);
    const editor = new EditorPage(page);
    await editor.goto();
    // SMILES and XYZ work at once; Ketcher is not on the page until asked for.
    await expect(editor.sketcher).toHaveCount(0);
    await editor.typeSmiles('c1ccccc1');
    await editor.expectPreviewRendered();

    await editor.showSketcher();
    const submissions = countSubmissions(page);
    const buttons = editor.sketcher.locator('button');
    const total = await buttons.count();
    expect(total).toBeGreaterThan(10);
    for (let i = 0; i < total; i++) {
      const button = buttons.nth(i);
      if (!(await button.isVisible()) || !(await button.isEnabled())) continue;
      // Some tools open Ketcher's own dialogs; Escape closes them before the next click.
      await button.click({ timeout: 2_000 }).catch(() => undefined);
      await page.keyboard.press('Escape');
    }
    await expect(page).toHaveURL(/\/editor$/);
    expect(submissions.count).toBe(0);
  });

  test('under load, the structure submitted is the one on screen, even with the sketcher open', async ({ page }) => {
    test.setTimeout(240_000);
    const editor = new EditorPage(page);
    await editor.goto();
    // Parameters are remembered per user: an earlier test may have left them blank.
    await editor.setParameters({ method: 'GFN2-xTB', task: 'Single point', charge: '0' });
    await editor.uhf.fill('0');
    await editor.showSketcher();
    await editor.typeSmiles('CCCC');
    await expect(editor.summary.getByTestId('summary-formula')).toHaveText('C4H10');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    const submissions = countSubmissions(page);
    await editor.typeSmiles('CCO');
    await editor.name.fill('ethanol under load');
    await editor.submit.click();
    await expect(page).toHaveURL(/\/results\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    expect(submissions.count).toBe(1);
    expect(submissions.bodies[0]).toContain('"text":"CCO"');
    expect(submissions.bodies[0]).not.toContain('CCCC');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('C2H6O');
  });

  test('names: the limit is named, right-to-left text is isolated where names are shown', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.name.fill('x'.repeat(10_000));
    await expect(editor.fieldMessage(editor.name)).toHaveText('The name is 10,000 characters long; the limit is 200 characters. It was not entered.');
    const stamp = Date.now();
    const rtl = `\u202ebenzene ${stamp}`;
    await editor.name.fill(rtl);
    await editor.typeSmiles('c1ccccc1');
    await editor.saveDraftButton.click();
    await expect(editor.drafts.locator('bdi', { hasText: String(stamp) })).toHaveText(rtl);
  });
});
