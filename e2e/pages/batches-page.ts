import { expect, type Page } from '@playwright/test';

/** The batch manager: upload and preview on /batches/new, the batch page, the list. */
export class BatchesPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async gotoNew() {
    await this.page.goto('/batches/new');
    await expect(this.page.getByRole('heading', { name: 'New batch' })).toBeVisible();
  }

  /** Chooses a file through the picker (the drop zone takes the same path). */
  async upload(name: string, text: string, mimeType = 'text/csv') {
    await this.page.locator('#batch-file').setInputFiles({ name, mimeType, buffer: Buffer.from(text, 'utf8') });
  }

  get preview() {
    return this.page.getByTestId('batch-preview');
  }

  count(which: 'rows' | 'valid' | 'invalid' | 'duplicates') {
    return this.preview.getByTestId(`count-${which}`);
  }

  get invalidRows() {
    return this.page.getByTestId('invalid-rows').locator('tbody tr');
  }

  get error() {
    return this.page.getByTestId('batch-error');
  }

  async create(name: string) {
    await this.page.getByLabel('Batch name').fill(name);
    await this.page.getByRole('button', { name: /^Create batch of/ }).click();
    await expect(this.page).toHaveURL(/\/batches\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  }

  batchCount(which: 'total' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'invalid') {
    return this.page.getByTestId('batch-counts').getByTestId(`count-${which}`);
  }
}
