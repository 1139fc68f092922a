// The session cookie as the browser receives it when the proxy refreshes a session: it carries the
// refresh token, so it is HttpOnly (no script of a page can read it), SameSite=Lax, and Secure
// exactly when the visitor came over HTTPS. Real auth server of the test stack; no mocks.
import { randomUUID } from 'node:crypto';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { updateSession } from './proxy.ts';

const COOKIE = `sb-${new URL(process.env.SUPABASE_URL!).hostname.split('.')[0]}-auth-token`;

/** A real session whose stored expiry has passed, so the next request refreshes it. */
async function expiringSessionCookie(): Promise<string> {
  const response = await fetch(`${process.env.SUPABASE_URL}/auth/v1/signup`, {
    method: 'POST',
    headers: { apikey: process.env.SUPABASE_PUBLISHABLE_KEY!, 'content-type': 'application/json' },
    body: JSON.stringify({ email: `cookie-${randomUUID().slice(0, 8)}@example.test`, password: 'cookie-test-password' }),
  });
  const session = (await response.json()) as { access_token: string; expires_at: number };
  expect(session.access_token).toBeTruthy();
  const stale = { ...session, expires_at: Math.floor(Date.now() / 1000) - 60 };
  return `${COOKIE}=base64-${Buffer.from(JSON.stringify(stale)).toString('base64url')}`;
}

describe('session cookie', () => {
  for (const https of [false, true]) {
    it(`is HttpOnly and SameSite=Lax when the proxy refreshes it${https ? ', and Secure over HTTPS' : ''}`, async () => {
      const request = new NextRequest('http://localhost/editor', { headers: { cookie: await expiringSessionCookie() } });
      const { response, userId } = await updateSession(request, { secureCookies: https });
      expect(userId).toBeTruthy();
      const written = response.headers.getSetCookie().filter((c) => c.startsWith(`${COOKIE}=`) && !/Max-Age=0/i.test(c));
      expect(written.length).toBeGreaterThan(0);
      for (const cookie of written) {
        expect(cookie).toMatch(/; HttpOnly/i);
        expect(cookie).toMatch(/; SameSite=lax/i);
        expect(/; Secure/i.test(cookie)).toBe(https);
      }
    });
  }
});
