import { expect, test } from '@playwright/test';

// public/: a signed-out visitor (or a crawler) gets the icons and robots.txt itself, not a redirect
// to the sign-in page, and robots.txt keeps this private workbench out of search engines.
test('robots.txt and the icons are served to anyone; pages ask not to be indexed', async ({ playwright, baseURL, page }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const robots = await anonymous.get('/robots.txt', { maxRedirects: 0 });
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toMatch(/User-agent: \*\s+Disallow: \/\s*$/);

  const favicon = await anonymous.get('/favicon.svg', { maxRedirects: 0 });
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()['content-type']).toContain('image/svg+xml');
  const apple = await anonymous.get('/apple-touch-icon.png', { maxRedirects: 0 });
  expect(apple.status()).toBe(200);
  expect(apple.headers()['content-type']).toBe('image/png');
  await anonymous.dispose();

  await page.goto('/sign-in');
  await expect(page.locator('link[rel="icon"][href="/favicon.svg"]')).toHaveCount(1);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex, nofollow');
});
