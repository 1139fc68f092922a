// The signed-in user for server components and actions, verified once per request.
import 'server-only';
import { cache } from 'react';
import { notFound, redirect } from 'next/navigation';
import { createClient } from '../supabase/server.ts';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import { can, type Permission, type Role } from './permissions.ts';

export type { Role } from './permissions.ts';

export interface CurrentUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  claims: JwtClaims;
}

/** The current user or null; identity from verified JWT claims, role from `profiles` under RLS. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const supabase = await createClient();
  const { data, error } = await supabase.auth.getClaims();
  if (error || !data?.claims?.sub) return null;
  const claims = data.claims as unknown as JwtClaims;
  const profile = await asUser(claims, async (db) => {
    const { rows } = await db.query<{ display_name: string | null; role: Role }>(
      'select display_name, role from public.profiles where id = (select auth.uid())',
    );
    return rows[0];
  });
  if (!profile) return null; // a deleted user whose token has not expired yet
  const email = typeof claims.email === 'string' ? claims.email : '';
  return { id: claims.sub, email, displayName: profile.display_name || email, role: profile.role, claims };
});

export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  return user;
}

/** For pages only a permission opens (dashboard, admin): others get a 404, never data, and are not told the page exists. */
export async function requirePermission(permission: Permission): Promise<CurrentUser> {
  const user = await requireUser();
  if (!can(user, permission)) notFound();
  return user;
}
