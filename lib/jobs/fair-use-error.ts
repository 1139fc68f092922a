// The database's fair-use refusals (supabase/migrations/20261129130200_fair_use_limits.sql) as errors
// a user can read. The trigger's message is already written for users; DETAIL carries the numbers.
import { UserError } from '../errors/user-error.ts';

/** QFQ01: too many calculations queued or running; QFQ02: too many submissions in the last minute. */
export function fairUseError(error: unknown): UserError | null {
  const e = error as { code?: string; message?: string; detail?: string } | null;
  if (e?.code === 'QFQ01') return new UserError('QUOTA_EXCEEDED', e.message ?? 'Your account has reached its limit of calculations.');
  if (e?.code === 'QFQ02') {
    let retryAfterSeconds: number | undefined;
    try {
      const seconds = Number(JSON.parse(e.detail ?? '{}').retry_after_seconds);
      if (Number.isFinite(seconds) && seconds > 0) retryAfterSeconds = seconds;
    } catch {
      // DETAIL is ours; without it the message still says when to try again.
    }
    return new UserError('RATE_LIMITED', e.message ?? 'Too many submissions; try again in a minute.', {}, { retryAfterSeconds });
  }
  return null;
}
