import { expect, type Locator, type Page } from '@playwright/test';

/** The results list and one result's page. */
export class ResultsPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async gotoList() {
    await this.page.goto('/results');
    await expect(this.page.getByRole('heading', { name: 'Results', exact: true })).toBeVisible();
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid="result-row"][data-id="${id}"]`);
  }

  rowStatus(id: string): Locator {
    return this.row(id).getByTestId('calculation-status');
  }

  async openResult(id: string) {
    await this.row(id).getByRole('link').first().click();
    await expect(this.page).toHaveURL(new RegExp(`/results/${id}$`));
  }

  /** The ★ shown in the list beside a favourite. */
  favouriteMark(id: string): Locator {
    return this.row(id).getByTestId('favourite-mark');
  }

  get statusFilter(): Locator {
    return this.page.getByRole('search', { name: 'Filter results' }).getByLabel('Status');
  }

  async applyFilters() {
    await this.page.getByRole('button', { name: 'Apply filters' }).click();
  }

  /** The favourite toggle on a result's page. */
  get favouriteButton(): Locator {
    return this.page.getByRole('button', { name: 'Favourite' });
  }

  /** A result's own status badge, followed live. */
  get status(): Locator {
    return this.page.getByTestId('calculation-status').first();
  }

  summary(name: 'energy' | 'homo' | 'lumo' | 'gap' | 'dipole'): Locator {
    return this.page.getByTestId(`summary-${name}`);
  }

  get viewer(): Locator {
    return this.page.getByTestId('result-viewer');
  }

  get atomRows(): Locator {
    return this.page.getByTestId('atom-table').locator('tbody tr');
  }
}
