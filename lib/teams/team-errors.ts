// The database's refusals about teams and sharing, in words. The team trigger and
// invite_to_organization raise their own sentences (RAISE in PL/pgSQL); a bare row-level security
// refusal ("new row violates …") is not for users and gets the caller's sentence instead.
import { UserError } from '../errors/user-error.ts';

interface PgError {
  code?: string;
  message?: string;
  routine?: string;
}

export const NO_ACCOUNT_MESSAGE =
  'We could not invite that address: it must belong to someone who already has an account here. Ask them to sign up first, then invite them again.';
export const ALREADY_IN_TEAM_MESSAGE = 'That person is already in the team or has an open invitation to it.';

/** A UserError for a refusal from the database; anything else (a bug, an outage) is returned as is. */
export function teamRefusal(error: unknown, forbidden: string): unknown {
  if (error instanceof UserError) return error;
  const e = error as PgError | null;
  // Raised by our own PL/pgSQL (the membership trigger, invite_to_organization): written for users.
  const ours = e?.routine === 'exec_stmt_raise' && typeof e.message === 'string';
  switch (e?.code) {
    case 'QFM01':
      return new UserError('CONFLICT', ours ? e.message! : 'A team keeps at least one owner.');
    case 'QFM02':
      return new UserError('NOT_FOUND', NO_ACCOUNT_MESSAGE, { email: [NO_ACCOUNT_MESSAGE] });
    case 'QFM03':
      return new UserError('CONFLICT', ALREADY_IN_TEAM_MESSAGE, { email: [ALREADY_IN_TEAM_MESSAGE] });
    case '22023':
      return new UserError('INVALID_INPUT', ours ? e.message! : 'Choose owner, admin, member or viewer.');
    case '42501':
      return new UserError('FORBIDDEN', ours ? e.message! : forbidden);
    default:
      return error;
  }
}
