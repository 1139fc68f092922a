// Issue 4: units chosen in the preferences apply to every energy on the results pages.
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './pages/editor-page';
import { SettingsPage } from './pages/settings-page';
import { SignInPage, uniqueEmail } from './pages/sign-in-page';

const WATER = '3\nwater\nO 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200';
const HARTREE_TO_EV = 27.211386245988;

/** A new account with one finished GFN2 single point of water; returns its id, on its result page. */
async function newUserWithWaterResult(page: Page, name: string, label: string): Promise<string> {
  await new SignInPage(page).signUp(name, uniqueEmail(label), 'a-good-long-password');
  await expect(page).toHaveURL(/\/editor$/);
  const editor = new EditorPage(page);
  await editor.waitUntilInteractive();
  await editor.xyz.fill(WATER);
  await editor.setParameters({ method: 'GFN2-xTB', task: 'Single point' });
  const id = await editor.submitAndOpenResult();
  await expect(page.getByTestId('detail-status')).toContainText('succeeded', { timeout: 60_000 });
  return id;
}

const numberIn = (text: string) => Number(/-?\d+(?:\.\d+)?/.exec(text.replace(/\u2212/g, '-'))![0]);

test('total energies on the result list and detail follow the chosen unit; orbital energies keep theirs (eV)', async ({ page }) => {
  const id = await newUserWithWaterResult(page, 'Units Tester', 'units-results');

  const energyEh = page.getByTestId('summary-energy');
  await expect(energyEh).toContainText('Eh');
  const hartree = numberIn((await energyEh.textContent()) ?? '');
  // Orbital energies and the gap have their own setting (eV by default): the total-energy unit leaves them.
  const gapText = await page.getByTestId('summary-gap').textContent();
  expect(gapText).toMatch(/ eV$/);

  const settings = new SettingsPage(page);
  await settings.goto();
  await settings.openTab('Preferences');
  await page.getByLabel('Energy units').selectOption('ev');
  await page.getByLabel('Decimal places').fill('4');
  await settings.savePreferences();

  await page.goto(`/results/${id}`);
  for (const testId of ['summary-energy', 'summary-homo', 'summary-lumo', 'summary-gap']) {
    await expect(page.getByTestId(testId)).toContainText('eV');
    await expect(page.getByTestId(testId)).not.toContainText('Eh');
  }
  expect(numberIn((await page.getByTestId('summary-energy').textContent()) ?? '')).toBeCloseTo(hartree * HARTREE_TO_EV, 2);
  await expect(page.getByTestId('summary-gap')).toHaveText(gapText!);

  await page.goto('/results');
  await expect(page.getByRole('columnheader', { name: /Energy \(eV\b/ })).toBeVisible();
  const row = page.locator(`[data-testid="result-row"][data-id="${id}"]`);
  expect(numberIn((await row.getByTestId('row-energy').textContent()) ?? '')).toBeCloseTo(hartree * HARTREE_TO_EV, 2);
});

test('each kind of quantity has its own decimals: changing the orbital ones changes HOMO, LUMO, gap and the orbital diagram only', async ({ page }) => {
  const id = await newUserWithWaterResult(page, 'Precision Tester', 'units-precision');

  // Defaults: orbital energies and gap in eV with 3 decimals, total energy in Eh with 6, dipole 3 decimals in D.
  const decimals = (text: string | null) => /-?\d+\.(\d+)/.exec(text ?? '')?.[1]?.length ?? 0;
  await expect(page.getByTestId('summary-homo')).toHaveText(/^-?\d+\.\d{3} eV$/);
  await expect(page.getByTestId('summary-gap')).toHaveText(/^\d+\.\d{3} eV$/);
  await expect(page.getByTestId('summary-energy')).toHaveText(/^-\d+\.\d{6} Eh$/);
  await expect(page.getByTestId('summary-dipole')).toHaveText(/^\d+\.\d{3} D/);
  const energyBefore = await page.getByTestId('summary-energy').textContent();

  const settings = new SettingsPage(page);
  await settings.goto();
  await settings.openTab('Preferences');
  await page.getByLabel('Orbital energies and gap: decimals').fill('5');
  await expect(page.getByTestId('preview-orbitalEnergy')).toHaveText(/^\d+\.\d{5} eV$/);
  await page.getByLabel('Thermochemistry: unit').selectOption('kj_mol');
  await expect(page.getByTestId('preview-thermochemistry')).toHaveText(/kJ\/mol$/);
  await settings.savePreferences();

  await page.goto(`/results/${id}`);
  await expect(page.getByTestId('summary-homo')).toHaveText(/^-?\d+\.\d{5} eV$/);
  await expect(page.getByTestId('summary-lumo')).toHaveText(/^-?\d+\.\d{5} eV$/);
  await expect(page.getByTestId('summary-gap')).toHaveText(/^\d+\.\d{5} eV$/);
  // The orbital diagram's gap label follows too; the total energy does not move.
  expect(decimals(await page.locator('figure svg text', { hasText: /^gap / }).textContent())).toBe(5);
  await expect(page.getByTestId('summary-energy')).toHaveText(energyBefore!);
});
