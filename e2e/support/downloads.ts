import { expect, type Download, type Locator, type Page } from '@playwright/test';

/**
 * Clicks a download link and returns the download. A click can land in the moment the page is being
 * hydrated and reach an element that is then replaced, so no download starts (seen once in CI on the
 * result page); the click is repeated until a download begins. A link has no other effect, so a
 * repeated click changes nothing for the user's data.
 */
export async function download(page: Page, link: Locator): Promise<Download> {
  let started: Download | undefined;
  await expect(async () => {
    [started] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), link.click()]);
  }).toPass({ timeout: 90_000 });
  return started!;
}
