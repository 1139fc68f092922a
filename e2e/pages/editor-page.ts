import { expect, type Locator, type Page } from '@playwright/test';

export const CAFFEINE_SMILES = 'CN1C=NC2=C1C(=O)N(C(=O)N2C)C';

/** The molecule editor: structure inputs, 3D preview, parameters and submit. */
export class EditorPage {
  readonly page: Page;
  readonly smiles: Locator;
  readonly xyz: Locator;
  readonly name: Locator;
  readonly method: Locator;
  readonly task: Locator;
  readonly solvation: Locator;
  readonly solvent: Locator;
  readonly charge: Locator;
  readonly etemp: Locator;
  readonly submit: Locator;
  readonly preview: Locator;
  readonly saveStatus: Locator;
  readonly saveDraftButton: Locator;
  readonly drafts: Locator;
  readonly uhf: Locator;
  readonly file: Locator;
  readonly summary: Locator;
  readonly sketcher: Locator;

  constructor(page: Page) {
    this.page = page;
    this.smiles = page.getByLabel('SMILES', { exact: true });
    this.xyz = page.getByLabel('XYZ', { exact: true });
    this.name = page.getByLabel(/^Name/);
    this.method = page.getByLabel('Method', { exact: true });
    this.task = page.getByLabel('Task', { exact: true });
    this.solvation = page.getByLabel('Implicit solvation');
    this.solvent = page.getByLabel('Solvent', { exact: true });
    this.charge = page.getByLabel('Charge', { exact: true });
    this.etemp = page.getByLabel('Electronic temperature (K)');
    this.submit = page.getByRole('button', { name: 'Submit calculation' });
    this.preview = page.getByTestId('preview-viewer');
    this.saveStatus = page.getByTestId('save-status');
    this.saveDraftButton = page.getByRole('button', { name: 'Save as draft' });
    this.drafts = page.getByRole('region', { name: 'Drafts' }).getByTestId('draft');
    this.uhf = page.getByLabel('Unpaired electrons', { exact: true });
    this.file = page.getByLabel('Upload an XYZ, MOL or SDF file');
    this.summary = page.getByTestId('structure-summary');
    this.sketcher = page.getByTestId('sketcher');
  }

  async goto() {
    await this.page.goto('/editor');
    await this.waitUntilInteractive();
  }

  /** The page has hydrated: what is typed from now on reaches the editor's state. */
  async waitUntilInteractive() {
    await expect(this.page.getByRole('heading', { name: 'Molecule editor' })).toBeVisible();
    await expect(this.page.locator('form[data-hydrated]')).toHaveCount(1);
  }

  async typeSmiles(smiles: string) {
    await this.smiles.fill(smiles);
  }

  /** The 3D preview has drawn a molecule on its canvas. */
  async expectPreviewRendered() {
    await expect(this.preview).toHaveAttribute('data-state', 'ready');
    await expect(this.preview.locator('canvas')).toBeVisible();
  }

  async setParameters(p: { method?: string; task?: string; solvation?: string; solvent?: string; etemp?: string; charge?: string }) {
    if (p.method) await this.method.selectOption({ label: p.method });
    if (p.task) await this.task.selectOption({ label: p.task });
    if (p.solvation) await this.solvation.selectOption({ label: p.solvation });
    if (p.solvent) await this.solvent.selectOption(p.solvent);
    if (p.etemp !== undefined) await this.etemp.fill(p.etemp);
    if (p.charge !== undefined) await this.charge.fill(p.charge);
  }

  /** Submits and returns the new calculation's id from the result page it lands on. */
  async submitAndOpenResult(): Promise<string> {
    await this.submit.click();
    await expect(this.page).toHaveURL(/\/results\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    return this.page.url().split('/').pop()!;
  }

  /** A listed draft, by its name (or SMILES when unnamed). */
  draft(label: string): Locator {
    return this.drafts.filter({ has: this.page.getByRole('button', { name: `Open draft ${label}`, exact: true }) });
  }

  async openDraft(label: string) {
    await this.page.getByRole('button', { name: `Open draft ${label}`, exact: true }).click();
  }

  /** Uploads a file made of `content` (text or bytes) under `name`. */
  async upload(name: string, content: string | Uint8Array, mimeType = 'application/octet-stream') {
    await this.file.setInputFiles({ name, mimeType, buffer: Buffer.from(content) });
  }

  /** Opens the sketcher (Ketcher loads only now) and waits until its toolbar is on screen. */
  async showSketcher() {
    await this.page.getByRole('button', { name: 'Draw a structure' }).click();
    await expect(this.sketcher.getByRole('button', { name: /^Clear Canvas/ })).toBeVisible({ timeout: 90_000 });
  }

  /** The error or warning shown under a field. */
  fieldMessage(field: Locator): Locator {
    return field.locator('xpath=..').getByRole('alert');
  }

  async expectSaved() {
    await expect(this.saveStatus).toHaveAttribute('data-status', 'saved');
  }

  /** The session revision the server last confirmed. */
  async savedRevision(): Promise<number> {
    return Number(await this.saveStatus.getAttribute('data-revision'));
  }

  /**
   * Waits until a change made after `revision` was read is saved. Some changes reach the session a
   * moment after the page shows them, so "Saved" alone may still describe the state before them.
   */
  async expectSavedAfter(revision: number) {
    await expect.poll(() => this.savedRevision()).toBeGreaterThan(revision);
    await this.expectSaved();
  }
}
