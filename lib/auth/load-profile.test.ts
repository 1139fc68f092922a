// A verified token counts only while its session lives: sign-out, a ban or a deletion end it at
// once for the app, not when the token expires. Tokens come from the real local auth server.
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import { loadSignedInProfile } from './load-profile.ts';

const PASSWORD = 'correct-horse-battery-staple';
const options = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } };

async function signedUpUser() {
  const client = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_PUBLISHABLE_KEY!, options);
  const { data, error } = await client.auth.signUp({ email: `session-${randomUUID()}@example.com`, password: PASSWORD });
  expect(error).toBeNull();
  return { client, claims: decodeJwt(data.session!.access_token) as unknown as JwtClaims, id: data.user!.id };
}

describe('loadSignedInProfile', () => {
  it('accepts a live session and refuses it right after sign-out', async () => {
    const { client, claims } = await signedUpUser();
    expect(await loadSignedInProfile(claims)).toMatchObject({ role: 'researcher' });
    await client.auth.signOut({ scope: 'global' });
    expect(await loadSignedInProfile(claims)).toBeNull();
  });

  it('refuses a banned or deleted user whose token has not expired', async () => {
    const admin = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_SECRET_KEY!, options);
    const banned = await signedUpUser();
    await admin.auth.admin.updateUserById(banned.id, { ban_duration: '24h' });
    expect(await loadSignedInProfile(banned.claims)).toBeNull();
    const deleted = await signedUpUser();
    await admin.auth.admin.deleteUser(deleted.id, true);
    expect(await loadSignedInProfile(deleted.claims)).toBeNull();
  });

  it('refuses a token without a session or with another user’s session', async () => {
    const a = await signedUpUser();
    const b = await signedUpUser();
    const { session_id: _none, ...withoutSession } = a.claims;
    expect(await loadSignedInProfile(withoutSession as JwtClaims)).toBeNull();
    expect(await loadSignedInProfile({ ...a.claims, session_id: b.claims.session_id })).toBeNull();
  });

  it('costs little over the profile read it rides on', async () => {
    const { claims } = await signedUpUser();
    const profileOnly = () => asUser(claims, (db) => db.query('select display_name, role from public.profiles where id = (select auth.uid())'));
    // Interleaved, so that whatever else the machine does falls on both alike; medians.
    const samples = { without: [] as number[], withCheck: [] as number[] };
    for (let i = 0; i < 220; i++) {
      const [name, work] = i % 2 ? (['withCheck', () => loadSignedInProfile(claims)] as const) : (['without', profileOnly] as const);
      const started = performance.now();
      await work();
      if (i >= 20) samples[name].push(performance.now() - started); // after warming the pool and plans
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [without, withCheck] = [median(samples.without), median(samples.withCheck)];
    console.info(`per request (median): profile read ${without.toFixed(2)} ms, with the session check ${withCheck.toFixed(2)} ms`);
    expect(withCheck).toBeLessThan(without * 1.5 + 1);
  });
});
