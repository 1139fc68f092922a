// The signed-in user's profile, if the verified token still stands for a live session. One query
// per request (getCurrentUser caches it): the profile under RLS and, in the same statement, the
// session check (public.current_session_is_live(), an index lookup in auth.sessions).
import { asUser, type JwtClaims } from '../db/as-user.ts';
import type { Role } from './permissions.ts';

export interface SignedInProfile {
  displayName: string | null;
  role: Role;
}

/** null when the session was signed out, the user is banned or deleted, or has no profile. */
export async function loadSignedInProfile(claims: JwtClaims): Promise<SignedInProfile | null> {
  const row = await asUser(claims, async (db) => {
    const { rows } = await db.query<{ display_name: string | null; role: Role; live: boolean }>(
      'select display_name, role, public.current_session_is_live() as live from public.profiles where id = (select auth.uid())',
    );
    return rows[0];
  });
  if (!row?.live) return null;
  return { displayName: row.display_name, role: row.role };
}
