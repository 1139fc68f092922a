// The scripting journey: create an API key in Settings, run the README's example script with it
// (submit and fetch a result over HTTP), then download each file of that result from its page, read
// the same list through the API with the browser session, and export the filtered results list.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test, type Download } from '@playwright/test';
import { SettingsPage } from './pages/settings-page';
import { SignInPage, uniqueEmail } from './pages/sign-in-page';
import { download } from './support/downloads';

// Its own new account: the journey leaves the results list filtered, and a remembered filter would
// follow the shared demo researcher into other specs.
test.use({ storageState: { cookies: [], origins: [] } });

async function text(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

test('a key from Settings drives a script; the result page downloads each file', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await new SignInPage(page).signUp('Script Runner', uniqueEmail('api-journey'), 'a-good-long-password');
  await expect(page).toHaveURL(/\/editor$/);
  const settings = new SettingsPage(page);
  await settings.goto();
  await settings.openTab('API keys');
  await page.getByLabel('Key name').fill(`journey ${Date.now()}`);
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.getByTestId('new-api-key').locator('code').textContent())!;
  expect(key).toMatch(/^qf_/);

  // The example script, as a user runs it: Node's fetch with the key, polling until the result is in.
  const { stdout } = await promisify(execFile)(process.execPath, ['examples/submit-and-fetch.mjs', 'CC#N', '--wait', '120'], {
    env: { ...process.env, QF_URL: baseURL, QF_API_KEY: key },
    timeout: 150_000,
  });
  const steps = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { step: string; id: string; status?: string; totalEnergyHartree?: number; count?: number });
  const fetched = steps.find((s) => s.step === 'fetched')!;
  expect(fetched).toMatchObject({ status: 'succeeded' });
  expect(fetched.totalEnergyHartree).toBeLessThan(-5);
  expect(steps.find((s) => s.step === 'atoms')?.count).toBe(6);

  // The same files the API lists (read here with the browser session), each downloaded from the page.
  const listed = (await (await page.request.get(`/api/v1/calculations/${fetched.id}/files`)).json()) as {
    files: { name: string; label: string; fileName: string; size: number }[];
  };
  expect(listed.files.map((f) => f.name)).toEqual(expect.arrayContaining(['input.xyz', 'structure.sdf', 'results.json', 'xtb.log']));
  await page.goto(`/results/${fetched.id}`);
  const downloads = page.getByTestId('result-downloads');
  for (const file of listed.files) {
    const saved = await download(page, downloads.getByRole('link', { name: file.label }));
    expect(saved.suggestedFilename()).toBe(file.fileName);
    expect(Buffer.byteLength(await text(saved)), file.name).toBe(file.size);
  }

  // The results list exports what its filters select.
  await page.goto(`/results?q=${encodeURIComponent('script CC#N')}&status=succeeded`);
  const csv = await download(page, page.getByTestId('results-export').getByRole('link', { name: 'CSV' }));
  expect(csv.suggestedFilename()).toBe('results.csv');
  const rows = (await text(csv)).trim().split('\r\n');
  expect(rows[0]).toMatch(/^calculation_id,/);
  expect(rows.slice(1).some((row) => row.startsWith(`${fetched.id},`))).toBe(true);
  expect(rows.slice(1).every((row) => row.includes(',succeeded,'))).toBe(true);
});
