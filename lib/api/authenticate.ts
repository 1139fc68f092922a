// Who is calling /api/v1: an API key (`Authorization: Bearer qf_…`, acting with its owner's rights
// under the same row-level security as the browser) or the browser session. A viewer — by key or
// session — can only read; the permission table decides. Every caller is rate limited per key (or
// per user for sessions), in memory per process.
import 'server-only';
import { verifyApiKey } from '../api-keys/api-keys.ts';
import { can, type Permission, type Role } from '../auth/permissions.ts';
import type { JwtClaims } from '../db/as-user.ts';
import { UserError } from '../errors/user-error.ts';
import { limitFromEnv, RateLimiter } from '../rate-limit/rate-limiter.ts';

export interface ApiCaller {
  id: string;
  role: Role;
  claims: JwtClaims;
  /** The key used, or null for the browser session. */
  apiKeyId: string | null;
}

/** Requests per minute per key (or per signed-in user); 0 turns the limit off. */
export function apiRateLimitPerMinute(): number {
  return limitFromEnv(process.env.QF_API_RATE_LIMIT_PER_MINUTE, 120);
}

let limiter: RateLimiter | null = null;
function rateLimiter(): RateLimiter {
  const limit = apiRateLimitPerMinute();
  if (!limiter || limiter.limit !== limit) limiter = new RateLimiter(limit, 60_000);
  return limiter;
}

/** Claims for an API key's owner: what a session token of theirs would carry for RLS. */
export function claimsForKeyOwner(userId: string): JwtClaims {
  return { sub: userId, role: 'authenticated', aud: 'authenticated' };
}

async function sessionUser(): Promise<ApiCaller | null> {
  try {
    // Loaded lazily: the session needs Next's request scope (cookies), which key callers do not.
    const { getCurrentUser } = await import('../auth/require-user.ts');
    const user = await getCurrentUser();
    return user ? { id: user.id, role: user.role, claims: user.claims, apiKeyId: null } : null;
  } catch {
    return null; // outside a request scope there is no session
  }
}

/**
 * The caller, or a UserError: 401 for a missing, unknown, revoked or expired key; 429 over the rate
 * limit; 403 when `permission` is given and the caller's role lacks it.
 */
export async function authenticate(request: Request, permission?: Permission): Promise<ApiCaller> {
  const header = request.headers.get('authorization');
  let caller: ApiCaller | null;
  if (header !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const verified = match ? await verifyApiKey(match[1]!) : null;
    if (!verified) throw new UserError('UNAUTHENTICATED', 'This API key is not valid: it is unknown, revoked or expired.');
    caller = { id: verified.userId, role: verified.role, claims: claimsForKeyOwner(verified.userId), apiKeyId: verified.keyId };
  } else {
    // Session cookies ride along on requests other sites make: writes by session come from our pages only.
    const site = request.headers.get('sec-fetch-site');
    if (!['GET', 'HEAD'].includes(request.method) && site !== null && site !== 'same-origin' && site !== 'none') {
      throw new UserError('FORBIDDEN', 'Requests from other sites cannot use your session. Use an API key.');
    }
    caller = await sessionUser();
    if (!caller) throw new UserError('UNAUTHENTICATED', 'Sign in, or send an API key as "Authorization: Bearer qf_…".');
  }
  const verdict = rateLimiter().take(caller.apiKeyId ? `key:${caller.apiKeyId}` : `user:${caller.id}`);
  if (!verdict.ok) {
    throw new UserError(
      'RATE_LIMITED',
      `Too many requests. Try again in ${verdict.retryAfterSeconds} s.`,
      {},
      { retryAfterSeconds: verdict.retryAfterSeconds },
    );
  }
  if (permission) assertPermission(caller, permission);
  return caller;
}

/** A 403 UserError when the caller's role lacks `permission`. */
export function assertPermission(caller: ApiCaller, permission: Permission): void {
  if (can(caller, permission)) return;
  throw new UserError(
    'FORBIDDEN',
    caller.role === 'viewer' ? 'Viewers can only read: this key or account cannot change anything.' : 'Your role does not allow this.',
  );
}
