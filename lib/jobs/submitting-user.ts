// Who submits, cancels or reruns: the signed-in user as the action layer verified them. Their role
// is checked here for a clear message; row-level security refuses them again in the database.
import type { JwtClaims } from '../db/as-user.ts';
import { can } from '../auth/permissions.ts';
import { UserError } from '../errors/user-error.ts';
import { fairUseError } from './fair-use-error.ts';

export interface SubmittingUser {
  id: string;
  role: 'admin' | 'researcher' | 'viewer';
  claims: JwtClaims;
}

export function assertCanSubmit(user: SubmittingUser): void {
  if (!can(user, 'calculation.submit')) throw new UserError('FORBIDDEN', 'Viewers cannot submit calculations.');
}

/** The database refused a write under the user's role (an RLS policy or a column grant). */
export function isRlsRefusal(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '42501';
}

/** Runs a write under the user's RLS, answering a refusal (RLS, grants, fair-use limits) in words. */
export async function refusedAsForbidden<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isRlsRefusal(error)) throw new UserError('FORBIDDEN', 'Your role does not allow submitting calculations.');
    throw fairUseError(error) ?? error;
  }
}
