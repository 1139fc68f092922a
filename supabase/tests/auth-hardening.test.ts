// Hardening of the local auth server, on an instance of its own with small limits (the shared
// test stack keeps the generous defaults): rate limits with Retry-After, identical answers for a
// wrong password and an unknown e-mail, bcrypt off the event loop, e-mail changes that need the
// link, and key comparison that does not depend on where keys differ.
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import { sameKey } from '../local/auth/handlers.ts';
import { ownAuthServer } from './own-auth-server.ts';

const PASSWORD = 'correct-horse-battery-staple';
const ACCOUNT_LIMIT = 3;
const ADDRESS_LIMIT = 12;
const logLines: string[] = [];
const own = ownAuthServer({
  siteUrl: 'http://localhost:3999',
  settings: { rateLimitFailedSignInPerAccount: ACCOUNT_LIMIT, rateLimitSignInPerAddress: ADDRESS_LIMIT, rateLimitWindowSeconds: 60 },
  log: (line) => logLines.push(line),
});

/** Each test speaks from its own client address, so the per-address limit is per test. */
function client(address = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`): SupabaseClient {
  return createClient(own.url, own.secrets.publishableKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers: { 'X-Forwarded-For': address } },
  });
}

async function signUp(c = client()) {
  const email = `hardening-${randomUUID()}@example.com`;
  const { data, error } = await c.auth.signUp({ email, password: PASSWORD });
  expect(error).toBeNull();
  return { email, client: c, session: data.session! };
}

function tokenRequest(address: string, email: string, password: string) {
  return fetch(`${own.url}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { apikey: own.secrets.publishableKey, 'Content-Type': 'application/json', 'X-Forwarded-For': address },
    body: JSON.stringify({ email, password }),
  });
}

describe('rate limits', () => {
  it('refuses an account with 429 and Retry-After after repeated wrong passwords, even the right one', async () => {
    const { email } = await signUp();
    for (let i = 0; i < ACCOUNT_LIMIT; i++) {
      // From different addresses: the account is what is being guessed.
      expect((await tokenRequest(`10.1.0.${i}`, email, 'wrong-password-1')).status).toBe(400);
    }
    const limited = await tokenRequest('10.1.1.1', email, PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error_code: 'over_request_rate_limit' });
    // Another account is not affected.
    const other = await signUp();
    expect((await tokenRequest('10.1.1.2', other.email, PASSWORD)).status).toBe(200);
  });

  it('limits sign-ins and sign-ups per client address', async () => {
    const address = '10.2.0.1';
    const statuses: number[] = [];
    for (let i = 0; i < ADDRESS_LIMIT + 2; i++) {
      statuses.push((await tokenRequest(address, `nobody-${randomUUID()}@example.com`, 'wrong-password-1')).status);
    }
    expect(statuses.slice(0, ADDRESS_LIMIT).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(ADDRESS_LIMIT)).toEqual([429, 429]);
    const { error } = await client(address).auth.signUp({ email: `hardening-${randomUUID()}@example.com`, password: PASSWORD });
    expect(error).toMatchObject({ status: 429, code: 'over_request_rate_limit' });
    expect((await tokenRequest('10.2.0.2', `nobody-${randomUUID()}@example.com`, 'wrong-password-1')).status).toBe(400);
  });
});

describe('wrong password and unknown e-mail', () => {
  it('get the same answer in the same time', async () => {
    // Two wrong passwords per account stay under the per-account limit.
    const accounts = [(await signUp()).email, (await signUp()).email, (await signUp()).email];
    const known: number[] = [];
    const unknown: number[] = [];
    const bodies = new Set<string>();
    // Interleaved, so that load on the machine falls on both alike.
    for (let i = 0; i < 6; i++) {
      for (const [target, times] of [
        [accounts[i % 3]!, known],
        [`nobody-${randomUUID()}@example.com`, unknown],
      ] as const) {
        const started = performance.now();
        const res = await tokenRequest(`10.3.${i}.${times.length}`, target, `wrong-password-${i}`);
        times.push(performance.now() - started);
        expect(res.status).toBe(400);
        bodies.add(await res.text());
      }
    }
    // A banned account with a wrong password says no more than any other wrong password.
    const banned = await signUp();
    const { data: bannedUser } = await banned.client.auth.getUser();
    await own.pool.query(`update auth.users set banned_until = now() + interval '1 day' where id = $1`, [bannedUser.user!.id]);
    const bannedReply = await tokenRequest('10.3.9.9', banned.email, 'wrong-password-9');
    expect(bannedReply.status).toBe(400);
    bodies.add(await bannedReply.text());
    expect([...bodies]).toEqual([JSON.stringify({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' })]);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [k, u] = [median(known), median(unknown)];
    // Both do one bcrypt comparison at cost 10 (tens of milliseconds); a skipped hash would show as a ratio far below 1.
    expect(Math.min(k, u) / Math.max(k, u)).toBeGreaterThan(0.6);
  });
});

describe('password hashing', () => {
  it('does not hold the event loop while sign-ins are checked', async () => {
    const { email } = await signUp();
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
    const before = performance.eventLoopUtilization();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => tokenRequest(`10.4.0.${i}`, email, i % 2 ? PASSWORD : 'wrong-password-1')));
    const busy = performance.eventLoopUtilization(before);
    histogram.disable();
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 400, 400, 400, 400]);
    console.info(`8 sign-ins: event loop busy ${(busy.utilization * 100).toFixed(0)} % of the time, longest delay ${(histogram.max / 1e6).toFixed(0)} ms`);
    // bcryptjs on the event loop kept it busy nearly all the time (and held it ~0.4 s at once); in
    // worker threads the loop mostly waits. Utilisation, unlike delay, does not grow with the load
    // other processes put on the machine.
    expect(busy.utilization).toBeLessThan(0.5);
  });
});

describe('e-mail change', () => {
  it('takes effect only through the confirmation link', async () => {
    const { client: c, email } = await signUp();
    const fresh = `hardening-new-${randomUUID()}@example.com`;
    const { data, error } = await c.auth.updateUser({ email: fresh });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ email, new_email: fresh });
    // Not yet: the new address cannot sign in, the old one still can.
    expect((await tokenRequest('10.5.0.1', fresh, PASSWORD)).status).toBe(400);
    expect((await tokenRequest('10.5.0.2', email, PASSWORD)).status).toBe(200);

    const line = logLines.find((l) => l.includes(`mail to ${fresh}`));
    const link = line?.match(/(http\S+)/)?.[1];
    expect(link).toMatch(/\/auth\/v1\/verify\?token=.+&type=email_change/);
    const forged = await fetch(link!.replace(/token=[^&]+/, 'token=forged'), { redirect: 'manual' });
    expect(forged.status).toBe(403);

    const confirmed = await fetch(link!, { redirect: 'manual' });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('http://localhost:3999');
    expect((await tokenRequest('10.5.0.3', fresh, PASSWORD)).status).toBe(200);
    expect((await tokenRequest('10.5.0.4', email, PASSWORD)).status).toBe(400);
    // A link works once.
    expect((await fetch(link!, { redirect: 'manual' })).status).toBe(403);
  });

  it('the confirmation link is also on the local mail page, which confirms the change', async () => {
    const { client: c, email } = await signUp();
    const fresh = `hardening-mail-${randomUUID()}@example.com`;
    expect((await c.auth.updateUser({ email: fresh })).error).toBeNull();
    expect(logLines.find((l) => l.includes(`mail to ${fresh}`))).toContain(`also on ${own.url}/mail`);

    // A page for the developer's browser: no API key, HTML that runs nothing.
    const page = await fetch(`${own.url}/mail?to=${encodeURIComponent(fresh.toUpperCase())}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('Confirm your new e-mail address');
    expect(html).not.toContain(email); // only the asked address's messages
    const link = html.match(/href="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
    expect(link).toMatch(/\/auth\/v1\/verify\?token=.+&type=email_change/);
    const confirmed = await fetch(link!, { redirect: 'manual' });
    expect(confirmed.status).toBe(303);
    expect((await tokenRequest('10.5.1.1', fresh, PASSWORD)).status).toBe(200);

    // Without ?to= every message of the session is listed.
    const all = await (await fetch(`${own.url}/mail`)).text();
    expect(all).toContain(fresh);
    expect(all).toContain('<h1>Local mail</h1>');
  });
});

describe('API keys', () => {
  it('are compared in constant time, whatever the length', () => {
    expect(sameKey('sb_secret_abc', 'sb_secret_abc')).toBe(true);
    expect(sameKey('sb_secret_abd', 'sb_secret_abc')).toBe(false);
    expect(sameKey('sb_secret_ab', 'sb_secret_abc')).toBe(false);
    expect(sameKey('', 'sb_secret_abc')).toBe(false);
  });

  it('still tell the publishable key, the secret key and a wrong key apart', async () => {
    const get = (key: string) => fetch(`${own.url}/auth/v1/admin/users?per_page=1`, { headers: { apikey: key, Authorization: `Bearer ${key}` } });
    expect((await get(own.secrets.secretKey)).status).toBe(200);
    expect((await get(own.secrets.publishableKey)).status).toBe(403);
    expect((await get(`${own.secrets.secretKey}x`)).status).toBe(401);
  });
});
