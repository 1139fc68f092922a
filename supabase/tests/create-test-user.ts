// Test users straight in auth.users (the profile and preferences triggers fire as for a sign-up),
// with the claims a verified access token would carry, for asUser().
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { JwtClaims } from '../../lib/db/as-user.ts';

export interface TestUser {
  id: string;
  email: string;
  claims: JwtClaims;
}

export async function createTestUser(options: { role?: 'admin' | 'researcher' | 'viewer'; label?: string } = {}): Promise<TestUser> {
  const id = randomUUID();
  const email = `${options.label ?? 'user'}-${id.slice(0, 8)}@example.test`;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
          raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
        values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, '', now(),
          '{"provider":"email","providers":["email"]}', jsonb_build_object('display_name', $3::text), now(), now())`,
      [id, email, options.label ?? 'Test user'],
    );
    if (options.role) await client.query('update public.profiles set role = $2 where id = $1', [id, options.role]);
  } finally {
    await client.end();
  }
  return { id, email, claims: { sub: id, email, role: 'authenticated', aud: 'authenticated' } };
}
