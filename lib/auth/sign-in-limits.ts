// Brute-force brakes on the app's sign-in and sign-up actions (the auth server has its own):
// attempts per client address, and failed sign-ins per account. In memory, per server process.
//   QF_SIGN_IN_LIMIT_PER_ADDRESS      sign-ins + sign-ups per address per window (default 100)
//   QF_SIGN_IN_FAILURES_PER_ACCOUNT   failed sign-ins per e-mail per window (default 10)
//   QF_SIGN_IN_LIMIT_WINDOW_SECONDS   the window (default 300)
// 0 turns a limit off.
import 'server-only';
import { headers } from 'next/headers';
import { limitFromEnv, RateLimiter } from '../rate-limit/rate-limiter.ts';

interface Limits {
  perAddress: RateLimiter;
  failuresPerAccount: RateLimiter;
}

const state = globalThis as unknown as { __qfSignInLimits?: Limits };

function limits(): Limits {
  if (!state.__qfSignInLimits) {
    const windowMs = limitFromEnv(process.env.QF_SIGN_IN_LIMIT_WINDOW_SECONDS, 300) * 1000 || 300_000;
    state.__qfSignInLimits = {
      perAddress: new RateLimiter(limitFromEnv(process.env.QF_SIGN_IN_LIMIT_PER_ADDRESS, 100), windowMs),
      failuresPerAccount: new RateLimiter(limitFromEnv(process.env.QF_SIGN_IN_FAILURES_PER_ACCOUNT, 10), windowMs),
    };
  }
  return state.__qfSignInLimits;
}

/**
 * The client's address: the last X-Forwarded-For hop (what the nearest proxy saw; `next start`
 * fills in the socket address when there is no proxy). Behind a reverse proxy, it must set the header.
 */
export async function clientAddress(): Promise<string> {
  const forwarded = (await headers()).get('x-forwarded-for');
  return forwarded?.split(',').at(-1)?.trim() || 'unknown';
}

export function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** The wait an auth server's 429 asked for (its Retry-After), or a minute when it named none. */
export function retryAfterOf(error: unknown): number {
  const seconds = Number((error as { retryAfter?: unknown }).retryAfter);
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 60;
}

/** A message when this attempt is over a limit (and counts it against the address otherwise). */
export function refuseAttempt(address: string, account?: string): string | null {
  const { perAddress, failuresPerAccount } = limits();
  if (account) {
    const verdict = failuresPerAccount.check(account);
    if (!verdict.ok) return `Too many failed sign-ins for this account. Try again in ${waitInWords(verdict.retryAfterSeconds)}.`;
  }
  const verdict = perAddress.take(address);
  if (!verdict.ok) return `Too many attempts from your network. Try again in ${waitInWords(verdict.retryAfterSeconds)}.`;
  return null;
}

export function recordFailedSignIn(account: string): void {
  limits().failuresPerAccount.hit(account);
}
