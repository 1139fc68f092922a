// Issue 14, webhooks: a user saves a webhook URL (a receiver this test starts on 127.0.0.1, which the
// e2e server allows with QF_WEBHOOKS_ALLOW_PRIVATE=1), makes a signing secret, sends a test event
// from settings and sees it delivered; the receiver checks the signature with the secret shown.
import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { SettingsPage } from './pages/settings-page';
import { SignInPage, uniqueEmail } from './pages/sign-in-page';
import { testReceiver } from '../lib/webhooks/test-receiver';

const receiver = testReceiver('thanks');
const received = receiver.received;

test.beforeAll(receiver.listen);
test.afterAll(receiver.close);
// Delivery times are shown in the browser's time zone.
test.use({ timezoneId: 'Asia/Tokyo' });

test('settings: send a test event to the webhook and see it delivered, signed with the secret shown', async ({ page }) => {
  await new SignInPage(page).signUp('Tester webhooks', uniqueEmail('webhooks'), 'a-good-long-password');
  await expect(page).toHaveURL(/\/editor$/);
  const settings = new SettingsPage(page);
  await settings.goto();

  await settings.openTab('Preferences');
  await page.getByLabel('New webhook URL').fill(`${receiver.url()}/quantum-forge`);
  await page.getByLabel('By webhook').check();
  await settings.savePreferences();

  await settings.openTab('Webhooks');
  await expect(page.getByTestId('webhook-url-status')).toHaveText('Your webhook URL is set and webhooks are on.');
  await page.getByRole('button', { name: 'Create signing secret' }).click();
  const secret = (await page.getByTestId('webhook-secret').textContent())!;
  expect(secret).toMatch(/^whsec_/);

  await page.getByRole('button', { name: 'Send test event' }).click();
  const row = page.getByTestId('webhook-delivery-row').first();
  await expect(row).toContainText('webhook.test');
  await expect(row).toContainText('Delivered', { timeout: 20_000 });
  await expect(row).toContainText('HTTP 200');
  await expect(row).toContainText('127.0.0.1');
  await expect(row).toContainText('GMT+9');

  // The filters live in the address: nothing has failed; the delivered one is found again.
  const filters = page.getByRole('form', { name: 'Delivery filters' });
  await filters.getByLabel('Outcome').selectOption('failed');
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/outcome=failed/);
  await expect(page.getByText('No deliveries match these filters.')).toBeVisible();
  await page.getByRole('form', { name: 'Delivery filters' }).getByLabel('Outcome').selectOption('delivered');
  await page.getByRole('form', { name: 'Delivery filters' }).getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/outcome=delivered/);
  await expect(page.getByTestId('webhook-delivery-row')).toHaveCount(1);
  await expect(page.getByRole('navigation', { name: 'Delivery pages' })).toContainText('1–1 of 1');

  expect(received).toHaveLength(1);
  const { headers, body } = received[0]!;
  expect(headers['quantum-forge-event']).toBe('webhook.test');
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(headers['quantum-forge-signature']))!;
  expect(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')).toBe(v1);
});
