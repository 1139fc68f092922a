// Contract tests of the local auth server, driven by @supabase/supabase-js itself: what the app
// relies on (status codes, error codes, token claims, refresh-token rotation) must behave as on
// Supabase. The database is shared with other test files, so every test makes its own users.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createClient, isAuthApiError, isAuthSessionMissingError, type Session, type SupabaseClient } from '@supabase/supabase-js';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const SUPABASE_URL = process.env.SUPABASE_URL!;
const PUBLISHABLE_KEY = process.env.SUPABASE_PUBLISHABLE_KEY!;
const SECRET_KEY = process.env.SUPABASE_SECRET_KEY!;
const AUTH_URL = `${SUPABASE_URL}/auth/v1`;
const PASSWORD = 'correct-horse-battery-staple';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
afterAll(() => db.end());

function client(key = PUBLISHABLE_KEY, fetchImpl?: typeof fetch): SupabaseClient {
  return createClient(SUPABASE_URL, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    ...(fetchImpl ? { global: { fetch: fetchImpl } } : {}),
  });
}

const admin = () => client(SECRET_KEY);
const newEmail = () => `contract-${randomUUID()}@example.com`;

async function signUp(data: Record<string, unknown> = {}) {
  const email = newEmail();
  const c = client();
  const { data: result, error } = await c.auth.signUp({ email, password: PASSWORD, options: { data } });
  expect(error).toBeNull();
  return { client: c, email, session: result.session!, user: result.user! };
}

async function signIn(email: string, password = PASSWORD) {
  const c = client();
  const { data, error } = await c.auth.signInWithPassword({ email, password });
  expect(error).toBeNull();
  return { client: c, session: data.session! };
}

/** A refresh through a fresh client (auth-js caches a failed refresh per client). */
function refresh(refreshToken: string) {
  return client().auth.refreshSession({ refresh_token: refreshToken });
}

/** A raw call, for what supabase-js hides (headers, both error shapes). */
function api(pathAndQuery: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return fetch(`${AUTH_URL}${pathAndQuery}`, {
    ...init,
    headers: { apikey: PUBLISHABLE_KEY, 'Content-Type': 'application/json', ...init.headers },
  });
}

function secretsUnderTest(): { signingKey: JWK & { kid: string } } {
  const file = path.resolve(import.meta.dirname, '..', '..', process.env.QF_DATA_DIR_UNDER_TEST!, 'secrets.json');
  return JSON.parse(readFileSync(file, 'utf8'));
}

async function sign(claims: JWTPayload, key: CryptoKey | Uint8Array, kid: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' }).sign(key);
}

async function refreshTokenRow(token: string) {
  const { rows } = await db.query<{ revoked: boolean; parent: string | null; session_id: string }>(
    'select revoked, parent, session_id from auth.refresh_tokens where token = $1',
    [token],
  );
  return rows[0];
}

describe('sign-up', () => {
  it('creates a confirmed user and returns a session (e-mail confirmation is off locally)', async () => {
    const { session, user, email } = await signUp({ display_name: 'Ada' });
    expect(session).toMatchObject({ token_type: 'bearer', expires_in: 3600, user: { id: user.id } });
    expect(session.refresh_token).toMatch(/^[a-z0-9]{12}$/);
    expect(session.expires_at).toBe(decodeJwt(session.access_token).exp);
    expect(user).toMatchObject({
      aud: 'authenticated',
      role: 'authenticated',
      email,
      phone: '',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { display_name: 'Ada' },
      is_anonymous: false,
    });
    expect(user.id).toMatch(UUID);
    for (const field of ['email_confirmed_at', 'confirmed_at', 'last_sign_in_at', 'created_at', 'updated_at'] as const) {
      expect(Number.isNaN(Date.parse(user[field]!))).toBe(false);
    }
    expect(user.identities).toHaveLength(1);
    expect(user.identities![0]).toMatchObject({ provider: 'email', id: user.id, user_id: user.id, identity_data: { email, sub: user.id } });
  });

  it('refuses a duplicate e-mail (any letter case) with 422 user_already_exists', async () => {
    const { email } = await signUp();
    const { data, error } = await client().auth.signUp({ email: email.toUpperCase(), password: PASSWORD });
    expect(data.session).toBeNull();
    expect(isAuthApiError(error)).toBe(true);
    expect(error).toMatchObject({ status: 422, code: 'user_already_exists', message: 'User already registered' });
  });

  it('refuses a short password with 422 weak_password and its reasons', async () => {
    const { error } = await client().auth.signUp({ email: newEmail(), password: 'short' });
    expect(error?.name).toBe('AuthWeakPasswordError');
    expect(error).toMatchObject({ status: 422, code: 'weak_password', reasons: ['length'] });
    expect(error?.message).toBe('Password should be at least 8 characters.');
  });

  it('refuses an invalid e-mail with 400 validation_failed', async () => {
    const { error } = await client().auth.signUp({ email: 'not-an-email', password: PASSWORD });
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(error?.message).toMatch(/Unable to validate email address/);
  });
});

describe('password sign-in', () => {
  it('returns a new session for the right password', async () => {
    const { email, user, session: first } = await signUp();
    const { session } = await signIn(email.toUpperCase());
    expect(session.user.id).toBe(user.id);
    expect(decodeJwt(session.access_token).session_id).not.toBe(decodeJwt(first.access_token).session_id);
  });

  it('answers a wrong password and an unknown e-mail alike: 400 invalid_credentials', async () => {
    const { email } = await signUp();
    for (const credentials of [
      { email, password: 'wrong-password-123' },
      { email: newEmail(), password: PASSWORD },
    ]) {
      const { data, error } = await client().auth.signInWithPassword(credentials);
      expect(data.session).toBeNull();
      expect(error).toMatchObject({ status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' });
    }
  });

  it('speaks both of GoTrue error shapes, chosen by X-Supabase-Api-Version', async () => {
    const body = JSON.stringify({ email: newEmail(), password: PASSWORD });
    const legacy = await api('/token?grant_type=password', { method: 'POST', body });
    expect(legacy.status).toBe(400);
    expect(legacy.headers.get('x-supabase-api-version')).toBeNull();
    expect(await legacy.json()).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });

    const versioned = await api('/token?grant_type=password', {
      method: 'POST',
      body,
      headers: { 'X-Supabase-Api-Version': '2024-01-01' },
    });
    expect(versioned.status).toBe(400);
    expect(versioned.headers.get('x-supabase-api-version')).toBe('2024-01-01');
    expect(await versioned.json()).toEqual({ code: 'invalid_credentials', message: 'Invalid login credentials' });
  });
});

describe('refresh-token rotation', () => {
  it('issues new tokens, revokes the used one and links the child to it', async () => {
    const { session } = await signUp();
    const { data, error } = await refresh(session.refresh_token);
    expect(error).toBeNull();
    const next = data.session!;
    expect(next.refresh_token).not.toBe(session.refresh_token);
    expect(next.access_token).not.toBe(session.access_token);
    expect(decodeJwt(next.access_token).session_id).toBe(decodeJwt(session.access_token).session_id);
    expect(await refreshTokenRow(session.refresh_token)).toMatchObject({ revoked: true });
    expect(await refreshTokenRow(next.refresh_token)).toMatchObject({ revoked: false, parent: session.refresh_token });
  });

  it('answers a client that lost the answer of its refresh with the current token, as GoTrue does', async () => {
    const { session } = await signUp();
    const first = (await refresh(session.refresh_token)).data.session!;
    const retried = await refresh(session.refresh_token);
    expect(retried.error).toBeNull();
    expect(retried.data.session!.refresh_token).toBe(first.refresh_token);
  });

  it('serves concurrent refreshes with one token (several tabs) the same child', async () => {
    const { session } = await signUp();
    const results = await Promise.all(
      [1, 2, 3].map(() => api('/token?grant_type=refresh_token', { method: 'POST', body: JSON.stringify({ refresh_token: session.refresh_token }) })),
    );
    const tokens = await Promise.all(results.map(async (r) => (expect(r.status).toBe(200), (await r.json()).refresh_token)));
    expect(new Set(tokens).size).toBe(1);
  });

  it('treats reuse of an older token after the reuse interval as theft: 400 refresh_token_already_used, session revoked', async () => {
    const { session } = await signUp();
    const second = (await refresh(session.refresh_token)).data.session!;
    const third = (await refresh(second.refresh_token)).data.session!;
    // Within the 10 s reuse interval the grandparent still yields the current token…
    expect((await refresh(session.refresh_token)).data.session?.refresh_token).toBe(third.refresh_token);
    // …after it, it is refused and the whole session ends.
    await db.query(`update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1`, [session.refresh_token]);
    const reused = await refresh(session.refresh_token);
    expect(reused.data.session).toBeNull();
    expect(reused.error).toMatchObject({
      status: 400,
      code: 'refresh_token_already_used',
      message: 'Invalid Refresh Token: Already Used',
    });

    const current = await refresh(third.refresh_token);
    expect(current.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
    const { error } = await client().auth.getUser(third.access_token);
    expect(isAuthSessionMissingError(error)).toBe(true);
    const raw = await api('/user', { headers: { Authorization: `Bearer ${third.access_token}` } });
    expect(raw.status).toBe(403);
    expect((await raw.json()).error_code).toBe('session_not_found');
  });

  it('refuses unknown and malformed refresh tokens', async () => {
    expect((await refresh('abcdefghijkl')).error).toMatchObject({
      status: 400,
      code: 'refresh_token_not_found',
      message: 'Invalid Refresh Token: Refresh Token Not Found',
    });
    expect((await refresh('not a token')).error).toMatchObject({ status: 400, code: 'validation_failed' });
  });
});

describe('sign-out', () => {
  it('local: ends this session only', async () => {
    const { email, client: first, session } = await signUp();
    const other = await signIn(email);
    expect((await first.auth.signOut({ scope: 'local' })).error).toBeNull();
    expect((await first.auth.getSession()).data.session).toBeNull();

    expect((await refresh(session.refresh_token)).error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
    const raw = await api('/user', { headers: { Authorization: `Bearer ${session.access_token}` } });
    expect(raw.status).toBe(403);
    expect(await raw.json()).toMatchObject({ error_code: 'session_not_found' });
    const { data, error } = await other.client.auth.getUser();
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
  });

  it('global: ends every session of the user', async () => {
    const { email, session: first } = await signUp();
    const second = await signIn(email);
    const third = await signIn(email);
    expect((await third.client.auth.signOut({ scope: 'global' })).error).toBeNull();
    for (const s of [first, second.session, third.session]) {
      expect((await refresh(s.refresh_token)).error?.code).toBe('refresh_token_not_found');
      expect(isAuthSessionMissingError((await client().auth.getUser(s.access_token)).error)).toBe(true);
    }
  });

  it('others: ends every session but this one', async () => {
    const { email, session: first } = await signUp();
    const current = await signIn(email);
    expect((await current.client.auth.signOut({ scope: 'others' })).error).toBeNull();
    expect((await refresh(first.refresh_token)).error?.code).toBe('refresh_token_not_found');
    expect((await current.client.auth.getUser()).error).toBeNull();
  });
});

describe('get user with a bad token', () => {
  it('accepts a good token', async () => {
    const { session, user } = await signUp();
    const { data, error } = await client().auth.getUser(session.access_token);
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ id: user.id, email: user.email });
  });

  it('refuses tampered, forged, malformed and expired tokens with 403 bad_jwt', async () => {
    const { session } = await signUp();
    const { signingKey } = secretsUnderTest();
    const claims = decodeJwt(session.access_token);

    const [header, , signature] = session.access_token.split('.');
    const elevated = Buffer.from(JSON.stringify({ ...claims, role: 'service_role' })).toString('base64url');
    const tampered = `${header}.${elevated}.${signature}`;

    const { privateKey: randomKey } = await generateKeyPair('ES256');
    const forged = await sign(claims, randomKey, signingKey.kid);

    const now = Math.floor(Date.now() / 1000);
    const realKey = await importJWK(signingKey, 'ES256');
    const expired = await sign({ ...claims, iat: now - 7200, exp: now - 3600 }, realKey, signingKey.kid);

    for (const token of [tampered, forged, 'not.a.jwt', expired]) {
      const { data, error } = await client().auth.getUser(token);
      expect(data.user).toBeNull();
      expect(error).toMatchObject({ status: 403, code: 'bad_jwt' });
    }
    const expiredRaw = await api('/user', { headers: { Authorization: `Bearer ${expired}` } });
    expect((await expiredRaw.json()).msg).toMatch(/token is expired/);

    // The same token signed with the real key and a valid expiry is accepted: only the defects fail.
    const resigned = await sign(claims, realKey, signingKey.kid);
    expect((await client().auth.getUser(resigned)).error).toBeNull();
  });

  it('refuses a token of a deleted user with 403 user_not_found', async () => {
    const { session, user } = await signUp();
    expect((await admin().auth.admin.deleteUser(user.id)).error).toBeNull();
    const { error } = await client().auth.getUser(session.access_token);
    expect(error).toMatchObject({ status: 403, code: 'user_not_found' });
  });

  it('refuses a request without a bearer token with 401 no_authorization', async () => {
    const res = await api('/user');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error_code: 'no_authorization' });
  });
});

describe('getClaims', () => {
  it('verifies the token locally through the JWKS, with Supabase claim layout', async () => {
    const { session, user, email } = await signUp({ display_name: 'Grace' });
    const calls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      calls.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
      return fetch(input, init);
    };
    const c = client(PUBLISHABLE_KEY, counting);
    await c.auth.setSession({ access_token: session.access_token, refresh_token: session.refresh_token });
    calls.length = 0;

    const { data, error } = await c.auth.getClaims();
    expect(error).toBeNull();
    const jwks = (await (await api('/.well-known/jwks.json')).json()) as { keys: JWK[] };
    expect(data!.header).toEqual({ alg: 'ES256', kid: jwks.keys[0]!.kid, typ: 'JWT' });
    const claims = data!.claims;
    expect(claims).toEqual({
      iss: AUTH_URL,
      sub: user.id,
      aud: 'authenticated',
      exp: expect.any(Number),
      iat: expect.any(Number),
      email,
      phone: '',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: expect.objectContaining({ display_name: 'Grace' }),
      role: 'authenticated',
      aal: 'aal1',
      amr: [{ method: 'password', timestamp: expect.any(Number) }],
      session_id: expect.stringMatching(UUID),
      is_anonymous: false,
    });
    expect(claims.exp - claims.iat).toBe(3600);
    await c.auth.getClaims();
    // Verified locally: no /user call, the JWKS fetched at most once (cached for ten minutes).
    expect(calls.filter((p) => p.endsWith('/user'))).toEqual([]);
    expect(calls.filter((p) => p.endsWith('/.well-known/jwks.json')).length).toBeLessThanOrEqual(1);
  });

  it('rejects forged and expired tokens locally', async () => {
    const { session } = await signUp();
    const { signingKey } = secretsUnderTest();
    const claims = decodeJwt(session.access_token);
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await sign(claims, privateKey, signingKey.kid);
    const forgedResult = await client().auth.getClaims(forged);
    expect(forgedResult.data).toBeNull();
    expect(forgedResult.error?.message).toMatch(/Invalid JWT signature/);

    const now = Math.floor(Date.now() / 1000);
    const expired = await sign({ ...claims, iat: now - 7200, exp: now - 3600 }, await importJWK(signingKey, 'ES256'), signingKey.kid);
    const expiredResult = await client().auth.getClaims(expired);
    expect(expiredResult.data).toBeNull();
    expect(expiredResult.error).not.toBeNull();
  });

  it('serves only the public key in the JWKS, with its kid, without an API key', async () => {
    const res = await fetch(`${AUTH_URL}/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    const { keys } = (await res.json()) as { keys: JWK[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: secretsUnderTest().signingKey.kid });
    expect(keys[0]).not.toHaveProperty('d');
    expect(decodeProtectedHeader((await signUp()).session.access_token).kid).toBe(keys[0]!.kid);
  });
});

describe('update user', () => {
  it('merges user metadata and changes the password, signing out other sessions', async () => {
    const { email, client: c } = await signUp({ display_name: 'Old', team: 'x' });
    const other = await signIn(email);
    const updated = await c.auth.updateUser({ data: { display_name: 'New', team: null } });
    expect(updated.error).toBeNull();
    expect(updated.data.user?.user_metadata).toMatchObject({ display_name: 'New' });
    expect(updated.data.user?.user_metadata).not.toHaveProperty('team');

    const same = await c.auth.updateUser({ password: PASSWORD });
    expect(same.error).toMatchObject({ status: 422, code: 'same_password' });
    const weak = await c.auth.updateUser({ password: 'short' });
    expect(weak.error).toMatchObject({ status: 422, code: 'weak_password' });

    const newPassword = 'another-long-passphrase';
    expect((await c.auth.updateUser({ password: newPassword })).error).toBeNull();
    expect((await client().auth.signInWithPassword({ email, password: PASSWORD })).error?.code).toBe('invalid_credentials');
    await signIn(email, newPassword);
    expect((await c.auth.getUser()).error).toBeNull();
    expect((await refresh(other.session.refresh_token)).error?.code).toBe('refresh_token_not_found');
  });

  it('records an e-mail change as pending until confirmed, and refuses one taken by another user', async () => {
    const { client: c, email } = await signUp();
    const { email: taken } = await signUp();
    expect((await c.auth.updateUser({ email: taken })).error).toMatchObject({ status: 422, code: 'email_exists' });
    const fresh = newEmail();
    const { data, error } = await c.auth.updateUser({ email: fresh });
    expect(error).toBeNull();
    // As on Supabase: the address changes only through the link (auth-hardening.test.ts follows it).
    expect(data.user).toMatchObject({ email, new_email: fresh });
    expect(data.user?.email_change_sent_at).toBeTruthy();
    await signIn(email);
  });

  it('refuses app_metadata from a user with 403 not_admin', async () => {
    const { session } = await signUp();
    const res = await api('/user', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${session.access_token}` },
      body: JSON.stringify({ app_metadata: { role: 'admin' } }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error_code: 'not_admin' });
  });
});

describe('admin API', () => {
  it('creates, reads, lists and deletes users with the secret key', async () => {
    const email = newEmail();
    const created = await admin().auth.admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { display_name: 'Admin-made' },
      app_metadata: { plan: 'pro' },
    });
    expect(created.error).toBeNull();
    const user = created.data.user!;
    expect(user).toMatchObject({
      email,
      app_metadata: { provider: 'email', providers: ['email'], plan: 'pro' },
      user_metadata: { display_name: 'Admin-made' },
    });
    expect(user.email_confirmed_at).toBeTruthy();

    const { session } = await signIn(email);
    expect(decodeJwt(session.access_token).app_metadata).toEqual({ provider: 'email', providers: ['email'], plan: 'pro' });

    expect((await admin().auth.admin.getUserById(user.id)).data.user?.email).toBe(email);
    const duplicate = await admin().auth.admin.createUser({ email, password: PASSWORD });
    expect(duplicate.error).toMatchObject({ status: 422, code: 'email_exists' });

    const updated = await admin().auth.admin.updateUserById(user.id, { user_metadata: { display_name: 'Renamed' } });
    expect(updated.data.user?.user_metadata).toMatchObject({ display_name: 'Renamed' });

    const deleted = await admin().auth.admin.deleteUser(user.id);
    expect(deleted.error).toBeNull();
    expect((await admin().auth.admin.getUserById(user.id)).error).toMatchObject({ status: 404, code: 'user_not_found' });
  });

  it('lists users newest first with the pagination headers auth-js reads', async () => {
    await signUp();
    const { user: latest } = await signUp();
    const { data, error } = await admin().auth.admin.listUsers({ page: 1, perPage: 1 });
    expect(error).toBeNull();
    expect(data.users).toHaveLength(1);
    expect(data).toMatchObject({ aud: 'authenticated', nextPage: 2 });
    expect((data as { total: number }).total).toBeGreaterThanOrEqual(2);
    // Other test files create users at the same time: the first is this test's or a newer one.
    expect(Date.parse(data.users[0]!.created_at)).toBeGreaterThanOrEqual(Date.parse(latest.created_at));

    const raw = await api('/admin/users?page=1&per_page=1', {
      headers: { apikey: SECRET_KEY, Authorization: `Bearer ${SECRET_KEY}` },
    });
    const total = Number(raw.headers.get('x-total-count'));
    expect(total).toBeGreaterThanOrEqual((data as { total: number }).total);
    expect(raw.headers.get('link')).toBe(`</admin/users?page=2&per_page=1>; rel="next", </admin/users?page=${total}&per_page=1>; rel="last"`);
    const second = await admin().auth.admin.listUsers({ page: 2, perPage: 1 });
    expect(second.error).toBeNull();
    expect(second.data.users).toHaveLength(1);
  });

  it('keeps a user created without email_confirm from signing in: 400 email_not_confirmed', async () => {
    const email = newEmail();
    expect((await admin().auth.admin.createUser({ email, password: PASSWORD })).error).toBeNull();
    const { error } = await client().auth.signInWithPassword({ email, password: PASSWORD });
    expect(error).toMatchObject({ status: 400, code: 'email_not_confirmed' });
  });

  it('refuses admin calls without the secret key with 403 not_admin', async () => {
    const { session } = await signUp();
    const withPublishable = await client().auth.admin.listUsers();
    expect(withPublishable.error).toMatchObject({ status: 403, code: 'not_admin', message: 'User not allowed' });
    const created = await client().auth.admin.createUser({ email: newEmail(), password: PASSWORD });
    expect(created.error).toMatchObject({ status: 403, code: 'not_admin' });

    const withUserToken = await api('/admin/users', { headers: { Authorization: `Bearer ${session.access_token}` } });
    expect(withUserToken.status).toBe(403);
    expect(await withUserToken.json()).toMatchObject({ error_code: 'not_admin', msg: 'User not allowed' });
  });
});

describe('API key, CORS and limits', () => {
  it('refuses a wrong or missing API key with 401, as Supabase’s gateway does', async () => {
    const wrong = client('sb_publishable_not-the-right-key');
    const { error } = await wrong.auth.signInWithPassword({ email: newEmail(), password: PASSWORD });
    expect(error).toMatchObject({ status: 401, message: 'Invalid API key' });

    const missing = await fetch(`${AUTH_URL}/settings`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ message: 'No API key found in request' });
  });

  it('serves health and settings', async () => {
    const health = await api('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ name: 'GoTrue' });
    const settings = await api('/settings');
    expect(await settings.json()).toMatchObject({ external: { email: true, phone: false }, mailer_autoconfirm: true });
  });

  it('answers CORS preflights and sets the CORS headers on replies', async () => {
    const origin = 'http://localhost:3000';
    const preflight = await fetch(`${AUTH_URL}/token?grant_type=password`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'apikey, authorization, content-type, x-client-info, x-supabase-api-version',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/apikey/);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);

    const reply = await api('/settings', { headers: { Origin: origin } });
    expect(reply.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it('accepts form bodies and refuses bodies over 64 KiB with 413', async () => {
    const { email } = await signUp();
    const form = await fetch(`${AUTH_URL}/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: PUBLISHABLE_KEY, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password: PASSWORD }).toString(),
    });
    expect(form.status).toBe(200);
    expect(((await form.json()) as Session).user.email).toBe(email);

    const big = await api('/signup', {
      method: 'POST',
      body: JSON.stringify({ email: newEmail(), password: PASSWORD, data: { blob: 'x'.repeat(70_000) } }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error_code: 'request_entity_too_large' });

    const badJson = await api('/signup', { method: 'POST', body: '{"email":' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error_code: 'bad_json' });
  });
});
