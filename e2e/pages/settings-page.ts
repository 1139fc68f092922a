import { expect, type Page } from '@playwright/test';

export class SettingsPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async goto() {
    await this.page.goto('/settings');
    await expect(this.page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  }

  tab(name: 'Preferences' | 'API keys' | 'Webhooks') {
    return this.page.getByRole('tab', { name });
  }

  async openTab(name: 'Preferences' | 'API keys' | 'Webhooks') {
    await this.tab(name).click();
    await expect(this.tab(name)).toHaveAttribute('aria-selected', 'true');
  }

  async savePreferences() {
    await this.page.getByRole('button', { name: 'Save preferences' }).click();
    await expect(this.page.getByText('Preferences saved.')).toBeVisible();
  }

  /** Waits until the auto-save indicator has seen the change through. */
  async waitForAutoSave() {
    const status = this.page.getByTestId('save-status');
    await expect(status).toHaveAttribute('data-status', 'saving');
    await expect(status).toHaveText('Saved', { timeout: 15_000 });
  }
}
