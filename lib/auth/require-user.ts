// The signed-in user for server components, actions and route handlers, verified once per request:
// the token's signature and expiry locally (getClaims against the JWKS), then its session against
// the live sessions in the database, so a sign-out elsewhere, a ban or a deletion counts at once.
import 'server-only';
import { cache } from 'react';
import { notFound, redirect } from 'next/navigation';
import { createClient } from '../supabase/server.ts';
import type { JwtClaims } from '../db/as-user.ts';
import { loadSignedInProfile } from './load-profile.ts';
import { can, type Permission, type Role } from './permissions.ts';
import { recordDenied } from '../admin/audit-log.ts';

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
  let claims: JwtClaims;
  try {
    const { data, error } = await supabase.auth.getClaims();
    if (error || !data?.claims?.sub) return null;
    claims = data.claims as unknown as JwtClaims;
  } catch {
    return null; // a token that cannot even be checked is no identity (proxy.ts clears it)
  }
  const profile = await loadSignedInProfile(claims);
  if (!profile) return null; // signed out elsewhere, banned, deleted
  const email = typeof claims.email === 'string' ? claims.email : '';
  return { id: claims.sub, email, displayName: profile.displayName || email, role: profile.role, claims };
});

export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  return user;
}

/** For pages only a permission opens (dashboard, admin): others get a 404, never data, and are not told the page exists. */
export async function requirePermission(permission: Permission): Promise<CurrentUser> {
  const user = await requireUser();
  if (!can(user, permission)) {
    await recordDenied({ userId: user.id, action: `${permission}.open`, entityType: 'page', entityId: null, reason: `role ${user.role} may not` });
    notFound();
  }
  return user;
}
