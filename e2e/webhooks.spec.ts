// Issue 14, webhooks: a user saves a webhook URL (a receiver this test starts on 127.0.0.1, which the
// e2e server allows with QF_WEBHOOKS_ALLOW_PRIVATE=1), makes a signing secret, sends a test event
// from settings and sees it delivered; the receiver checks the signature with the secret shown.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { SettingsPage } from './pages/settings-page';
import { SignInPage, uniqueEmail } from './pages/sign-in-page';

const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(200).end('thanks');
  });
});

test.beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});
test.afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

test('settings: send a test event to the webhook and see it delivered, signed with the secret shown', async ({ page }) => {
  await new SignInPage(page).signUp('Tester webhooks', uniqueEmail('webhooks'), 'a-good-long-password');
  await expect(page).toHaveURL(/\/editor$/);
  const settings = new SettingsPage(page);
  await settings.goto();

  await settings.openTab('Preferences');
  await page.getByLabel('New webhook URL').fill(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/quantum-forge`);
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

  expect(received).toHaveLength(1);
  const { headers, body } = received[0]!;
  expect(headers['quantum-forge-event']).toBe('webhook.test');
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(headers['quantum-forge-signature']))!;
  expect(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')).toBe(v1);
});
