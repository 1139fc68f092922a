// Security hardening, checked against the started app (issue: exposure, sessions, headers, limits).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { BASE_URL } from '../playwright.config';
import { EditorPage } from './pages/editor-page';
import { ResultsPage } from './pages/results-page';
import { DEMO, SignInPage, uniqueEmail } from './pages/sign-in-page';
import { chunkedPost, cookieHeader } from './support/chunked-post';

const PORT = new URL(BASE_URL).port;

/** Records every CSP violation the page reports (event and console), for "none happened" checks. */
async function watchCspViolations(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to (load|execute|compile|create|apply|connect)/i.test(msg.text()))
      fromConsole.push(msg.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...fromConsole, ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []).catch(() => []))];
}

test.describe('exposure', () => {
  test('the web app listens on loopback only', () => {
    const lines = execFileSync('ss', ['-ltnH'], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[3])
      .filter((local): local is string => Boolean(local) && local!.endsWith(`:${PORT}`));
    expect(lines.length).toBeGreaterThan(0);
    for (const local of lines) expect(local, `listening on ${local}`).toMatch(/^(127\.0\.0\.1|\[::1\]):\d+$/);
  });

  test('/api/health tells an anonymous caller only up or down; an admin gets the details', async ({ playwright, browser }) => {
    const anonymous = await playwright.request.newContext({ baseURL: BASE_URL });
    expect(await (await anonymous.get('/api/health')).json()).toEqual({ ok: true, status: 'up' });
    await anonymous.dispose();
    for (const [role, detailed] of [
      ['researcher', false],
      ['admin', true],
    ] as const) {
      const context = await browser.newContext({ storageState: `e2e/.auth/${role}.json` });
      const body = await (await context.request.get('/api/health')).json();
      expect('workers' in body, role).toBe(detailed);
      await context.close();
    }
  });

  test('a signed-in researcher cannot start queue drains', async ({ browser }) => {
    const context = await browser.newContext({ storageState: 'e2e/.auth/researcher.json' });
    const res = await context.request.post('/api/jobs/run?maxJobs=0');
    expect(res.status()).toBe(401);
    expect(res.headers()['content-type']).toBe('application/problem+json');
    await context.close();
  });
});

test.describe('open redirects', () => {
  test.use({ storageState: 'e2e/.auth/researcher.json' });

  test('next= with a tab, backslash or encoded slash stays on this site', async ({ page }) => {
    for (const next of ['/\t/evil.example', '/\\evil.example', '/%2F%2Fevil.example', '//evil.example', '/\n/evil.example']) {
      await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
      expect(new URL(page.url()).origin, next).toBe(BASE_URL);
    }
  });
});

test.describe('headers', () => {
  test('pages carry a nonce-based CSP and the hardening headers', async ({ page }) => {
    const res = await page.goto('/sign-in');
    const headers = res!.headers();
    const csp = headers['content-security-policy']!;
    expect(csp).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src [^;]*'unsafe-inline'/);
    expect(csp).not.toMatch(/script-src [^;]*'unsafe-eval'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['permissions-policy']).toContain('camera=()');
    // A fresh nonce per response.
    const again = (await page.request.get('/sign-in')).headers()['content-security-policy'];
    expect(again).not.toBe(csp);
  });

  test.describe('as the demo researcher', () => {
    test.use({ storageState: 'e2e/.auth/researcher.json' });

    test('editor, sketcher, preview and result viewer work under the CSP with no violation', async ({ page }) => {
      test.setTimeout(360_000);
      const violations = await watchCspViolations(page);
      const editor = new EditorPage(page);
      await editor.goto();
      // Ketcher (its Indigo WASM runs in a blob: worker) draws the typed structure; it loads only
      // when asked. (Indigo's 15 MB of WebAssembly take a while to start on a busy machine.)
      await editor.showSketcher();
      await expect(page.getByTestId('sketcher')).toHaveAttribute('data-ready', 'true', { timeout: 150_000 });
      await editor.typeSmiles('OCC(=O)O');
      await editor.expectPreviewRendered();
      await expect(page.getByTestId('sketcher').locator('svg text', { hasText: /O/ }).first()).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId('sketcher').getByRole('alert')).toHaveCount(0);
      await expect(page.getByText('The sketcher could not draw this structure')).toHaveCount(0);

      const id = await editor.submitAndOpenResult();
      const results = new ResultsPage(page);
      await results.gotoList();
      await expect(results.rowStatus(id)).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 });
      await results.openResult(id);
      await expect(results.viewer).toHaveAttribute('data-state', 'ready');
      await expect(results.viewer.locator('canvas')).toBeVisible();
      expect(await violations()).toEqual([]);
    });
  });
});

test.describe('sessions', () => {
  test('a global sign-out ends the session for every copy of the cookie at once', async ({ browser }) => {
    const first = await browser.newContext();
    const page = await first.newPage();
    // An account of its own: signing out everywhere would end the saved demo sessions other specs use.
    await new SignInPage(page).signUp('Sign-out test', uniqueEmail('signout'), 'sign-out-test-password');
    await expect(page).toHaveURL(/\/editor$/);
    // The same cookies in a second browser (a stolen copy, or another tab of a shared machine).
    const copy = await browser.newContext({ storageState: await first.storageState() });
    const copyPage = await copy.newPage();
    await copyPage.goto('/results');
    await expect(copyPage).toHaveURL(/\/results$/);

    await page.goto('/settings');
    await page.getByRole('button', { name: 'Sign out on all devices' }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    await copyPage.goto('/results');
    await expect(copyPage).toHaveURL(/\/sign-in/);
    await expect(copyPage.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect((await copy.request.get('/api/calculations/status?ids=00000000-0000-4000-a000-000000000001')).status()).toBe(401);
    await first.close();
    await copy.close();
  });

  test('a crafted token (alg none with the real kid) is a signed-out visitor, never a 500', async ({ browser }) => {
    const real = JSON.parse(readFileSync('e2e/.auth/researcher.json', 'utf8')) as { cookies: { name: string; value: string; domain: string; path: string }[] };
    const cookie = real.cookies.find((c) => /^sb-.+-auth-token$/.test(c.name))!;
    const session = JSON.parse(Buffer.from(cookie.value.replace(/^base64-/, ''), 'base64url').toString('utf8'));
    const [header, payload] = session.access_token.split('.');
    const forgedHeader = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(header, 'base64url').toString()), alg: 'none' })).toString('base64url');
    const forged = { ...session, access_token: `${forgedHeader}.${payload}.` };
    const context = await browser.newContext();
    await context.addCookies([
      { name: cookie.name, value: `base64-${Buffer.from(JSON.stringify(forged)).toString('base64url')}`, domain: cookie.domain, path: '/' },
    ]);
    const page = await context.newPage();
    for (const path of ['/editor', '/results', '/settings', '/sign-in', '/']) {
      const res = await page.goto(path);
      expect(res!.status(), path).toBeLessThan(500);
      await expect(page).toHaveURL(/\/sign-in/);
    }
    expect((await context.cookies()).filter((c) => c.name === cookie.name)).toEqual([]);
    await context.close();
  });

  test('a chunked session save over the limit is cut off with 413', async () => {
    const cookies = cookieHeader('e2e/.auth/researcher.json');
    const LIMIT = 64 * 1024 * 1024;
    const result = await chunkedPost(`${BASE_URL}/api/session`, { cookies, contentType: 'application/json', limit: LIMIT });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ status: 413, detail: expect.stringMatching(/too large/) });
    // The answer came while the body was still streaming: the server stopped reading at its limit.
    expect(result.sentWhenAnswered).toBeLessThan(LIMIT);
  });
});

test.describe('sign-in', () => {
  test('a wrong password and an unknown e-mail get the same words, and repeated failures are slowed', async ({ page }) => {
    const signIn = new SignInPage(page);
    const message = page.getByText('Wrong e-mail or password.');
    await signIn.goto();
    await signIn.signIn(DEMO.researcher, 'not-the-password');
    await expect(message).toBeVisible();
    await signIn.goto();
    await signIn.signIn(uniqueEmail('nobody'), 'not-the-password');
    await expect(message).toBeVisible();

    const target = uniqueEmail('guessed');
    for (let i = 0; i < 10; i++) {
      await signIn.goto();
      await signIn.signIn(target, `guess-${i}-password`);
      await expect(message).toBeVisible();
    }
    await signIn.goto();
    await signIn.signIn(target, 'guess-10-password');
    await expect(page.getByText(/Too many failed sign-ins for this account\. Try again in \d+ minutes?\./)).toBeVisible();
  });
});
