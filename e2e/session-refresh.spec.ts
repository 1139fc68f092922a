// proxy.ts refreshes an expired session on the next request and hands the browser the rotated
// tokens, so a signed-in user is never logged out at random.
import { expect, test, type BrowserContext } from '@playwright/test';
import { SignInPage, uniqueEmail } from './pages/sign-in-page';

const PREFIX = 'base64-';

/** The Supabase session cookie (possibly split into .0, .1, … chunks), decoded. */
async function readSession(context: BrowserContext) {
  const chunks = (await context.cookies())
    .filter((c) => /^sb-.+-auth-token(\.\d+)?$/.test(c.name))
    .sort((a, b) => Number(a.name.split('.').pop()) - Number(b.name.split('.').pop()));
  expect(chunks.length).toBeGreaterThan(0);
  const raw = chunks.map((c) => c.value).join('');
  expect(raw.startsWith(PREFIX)).toBe(true);
  const session = JSON.parse(Buffer.from(raw.slice(PREFIX.length), 'base64url').toString('utf8')) as {
    access_token: string;
    refresh_token: string;
    expires_at: number;
  };
  return { chunks, session };
}

test('an expired access token is refreshed by the proxy and the user stays signed in', async ({ page, context }) => {
  await new SignInPage(page).signUp('Refresh Tester', uniqueEmail('refresh'), 'a-good-long-password');
  await expect(page).toHaveURL(/\/editor$/);
  const before = await readSession(context);

  // Make the stored session look expired an hour ago (same length, so the chunks keep their sizes).
  const expired = { ...before.session, expires_at: before.session.expires_at - 3600 };
  const encoded = PREFIX + Buffer.from(JSON.stringify(expired), 'utf8').toString('base64url');
  let offset = 0;
  await context.addCookies(
    before.chunks.map((chunk, i) => {
      const size = i === before.chunks.length - 1 ? encoded.length - offset : chunk.value.length;
      const value = encoded.slice(offset, offset + size);
      offset += size;
      return {
        name: chunk.name,
        value,
        domain: chunk.domain,
        path: chunk.path,
        httpOnly: chunk.httpOnly,
        secure: chunk.secure,
        sameSite: chunk.sameSite,
        expires: chunk.expires,
      };
    }),
  );

  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(page.getByTestId('current-user')).toContainText('Refresh Tester');

  const after = await readSession(context);
  expect(after.session.refresh_token).not.toBe(before.session.refresh_token);
  expect(after.session.access_token).not.toBe(before.session.access_token);
  expect(after.session.expires_at).toBeGreaterThan(Date.now() / 1000 + 60);

  // And the session keeps working on the rotated tokens.
  await page.reload();
  await expect(page.getByTestId('current-user')).toContainText('Refresh Tester');
});
