// Password reset on the local auth server, on an instance of its own with a small per-address mail
// limit: POST /recover answers every address alike and mails a link to the app only for a real
// account; POST /verify trades the link's token for one session, once.
import { randomUUID } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { ownAuthServer } from './own-auth-server.ts';

const PASSWORD = 'correct-horse-battery-staple';
const SITE_URL = 'http://localhost:3998';
const RECOVERY_LIMIT = 2;
const own = ownAuthServer({ siteUrl: SITE_URL, settings: { rateLimitRecoveryPerAccount: RECOVERY_LIMIT, rateLimitWindowSeconds: 60 } });

function client(): SupabaseClient {
  return createClient(own.url, own.secrets.publishableKey, { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } });
}

const newEmail = () => `recovery-${randomUUID()}@example.com`;

async function signUp() {
  const email = newEmail();
  const { data, error } = await client().auth.signUp({ email, password: PASSWORD });
  expect(error).toBeNull();
  return { email, userId: data.user!.id };
}

function api(pathName: string, body: unknown) {
  return fetch(`${own.url}/auth/v1${pathName}`, {
    method: 'POST',
    headers: { apikey: own.secrets.publishableKey, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The links on the local mail page for one address, newest first. */
async function mailedLinks(email: string): Promise<string[]> {
  const html = await (await fetch(`${own.url}/mail?to=${encodeURIComponent(email)}`)).text();
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

async function requestLink(email: string): Promise<string> {
  const response = await api('/recover', { email });
  expect(response.status).toBe(200);
  const [link] = await mailedLinks(email);
  expect(link).toBeDefined();
  return new URL(link!).searchParams.get('token_hash')!;
}

describe('POST /recover', () => {
  it('answers an unknown address exactly as a known one, and mails only the known one', async () => {
    const { email } = await signUp();
    const unknown = newEmail();
    const known = await api('/recover', { email: email.toUpperCase() });
    const missing = await api('/recover', { email: unknown });
    expect([known.status, missing.status]).toEqual([200, 200]);
    expect(await known.text()).toBe(await missing.text());

    expect(await mailedLinks(unknown)).toEqual([]);
    const [link] = await mailedLinks(email);
    // The link leads to the app's confirm route, which verifies the token server-side.
    expect(link).toMatch(new RegExp(`^${SITE_URL}/auth/confirm\\?token_hash=[A-Za-z0-9_-]{40,}&type=recovery$`));
    const page = await (await fetch(`${own.url}/mail?to=${encodeURIComponent(email)}`)).text();
    expect(page).toContain('Choose a new password');

    // Only a hash of the token is kept.
    const { rows } = await own.pool.query('select recovery_token, recovery_sent_at from auth.users where email = $1', [email]);
    expect(rows[0].recovery_sent_at).toBeTruthy();
    expect(rows[0].recovery_token).not.toBe(new URL(link!).searchParams.get('token_hash'));
    expect(rows[0].recovery_token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('limits the mails per address, for unknown addresses too (429 with Retry-After)', async () => {
    for (const email of [(await signUp()).email, newEmail()]) {
      for (let i = 0; i < RECOVERY_LIMIT; i++) expect((await api('/recover', { email })).status).toBe(200);
      const refused = await api('/recover', { email });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ error_code: 'over_email_send_rate_limit' });
    }
    expect((await api('/recover', { email: newEmail() })).status).toBe(200); // another address is not held up
  });

  it('mails nothing to a banned account, but answers the same', async () => {
    const { email, userId } = await signUp();
    await own.pool.query(`update auth.users set banned_until = now() + interval '1 hour' where id = $1`, [userId]);
    expect((await api('/recover', { email })).status).toBe(200);
    expect(await mailedLinks(email)).toEqual([]);
  });
});

describe('POST /verify (recovery)', () => {
  it('trades a good link for a session (through supabase-js) once; the same link again is 403 otp_expired', async () => {
    const { email, userId } = await signUp();
    const tokenHash = await requestLink(email);
    const c = client();
    const { data, error } = await c.auth.verifyOtp({ type: 'recovery', token_hash: tokenHash });
    expect(error).toBeNull();
    expect(data.session).toMatchObject({ token_type: 'bearer', user: { id: userId, email } });
    expect(data.session!.refresh_token).toBeTruthy();
    // The session may set the new password, and the new one signs in.
    expect((await c.auth.updateUser({ password: 'a-brand-new-password' })).error).toBeNull();
    expect((await client().auth.signInWithPassword({ email, password: 'a-brand-new-password' })).error).toBeNull();
    expect((await client().auth.signInWithPassword({ email, password: PASSWORD })).error?.code).toBe('invalid_credentials');

    const again = await api('/verify', { type: 'recovery', token_hash: tokenHash });
    expect(again.status).toBe(403);
    expect(await again.json()).toMatchObject({ error_code: 'otp_expired' });
  });

  it('refuses an expired link, a wrong token and a good token under another type with 403 otp_expired', async () => {
    const { email, userId } = await signUp();
    const tokenHash = await requestLink(email);
    for (const body of [
      { type: 'recovery', token_hash: 'not-the-token' },
      { type: 'email_change', token_hash: tokenHash },
      { type: 'signup', token_hash: tokenHash },
    ]) {
      const response = await api('/verify', body);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error_code: 'otp_expired' });
    }
    // Still good (the refusals above did not burn it) until it is older than its lifetime.
    await own.pool.query(`update auth.users set recovery_sent_at = now() - interval '25 hours' where id = $1`, [userId]);
    const expired = await api('/verify', { type: 'recovery', token_hash: tokenHash });
    expect(expired.status).toBe(403);
    await own.pool.query(`update auth.users set recovery_sent_at = now() where id = $1`, [userId]);
    expect((await api('/verify', { type: 'recovery', token_hash: tokenHash })).status).toBe(200);
  });

  it('a newer link replaces the older one', async () => {
    const { email } = await signUp();
    const first = await requestLink(email);
    const second = await requestLink(email);
    expect(second).not.toBe(first);
    expect((await api('/verify', { type: 'recovery', token_hash: first })).status).toBe(403);
    expect((await api('/verify', { type: 'recovery', token_hash: second })).status).toBe(200);
  });
});
