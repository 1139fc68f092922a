// Sessions, access-token issuance and refresh-token rotation, following GoTrue:
// - every sign-in creates an auth.sessions row, its authentication method (auth.mfa_amr_claims)
//   and a first refresh token;
// - a refresh revokes the presented token and issues a child (parent = the old token);
// - a revoked token that is the parent of the session's current token, or that was revoked less
//   than the reuse interval ago (concurrent refreshes from several tabs), yields the current token;
// - any other revoked token is treated as stolen: the whole session is deleted (GoTrue's
//   behaviour for detected reuse) and 400 `refresh_token_already_used` is answered.
import type pg from 'pg';
import { checkOut } from '../../../lib/db/transaction.ts';
import { AuthHttpError, badRequest } from './errors.ts';
import type { AuthSettings } from './settings.ts';
import { newRefreshToken, signAccessToken, type AmrEntry, type TokenKeys } from './tokens.ts';
import { appMetadataOf, findUserById, isBanned, userJson, type Queryable, type UserWithIdentities } from './users.ts';

export interface SessionContext {
  pool: pg.Pool;
  keys: TokenKeys;
  settings: AuthSettings;
  issuer: string;
}

export interface ClientInfo {
  userAgent: string | null;
  ip: string | null;
}

export interface AccessTokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Record<string, unknown>;
  weak_password?: { message: string; reasons: string[] };
}

interface RefreshTokenRow {
  id: string;
  token: string;
  user_id: string | null;
  revoked: boolean;
  parent: string | null;
  session_id: string | null;
  updated_at: Date;
}

interface SessionRow {
  id: string;
  user_id: string;
  aal: string;
  not_after: Date | null;
}

async function amrOf(db: Queryable, sessionId: string): Promise<AmrEntry[]> {
  const { rows } = await db.query<{ authentication_method: string; updated_at: Date }>(
    'select authentication_method, updated_at from auth.mfa_amr_claims where session_id = $1 order by updated_at desc',
    [sessionId],
  );
  return rows.map((r) => ({ method: r.authentication_method, timestamp: Math.floor(r.updated_at.getTime() / 1000) }));
}

async function tokenResponse(
  db: Queryable,
  ctx: SessionContext,
  user: UserWithIdentities,
  session: { id: string; aal: string },
  refreshToken: string,
): Promise<AccessTokenResponse> {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + ctx.settings.jwtExpirySeconds;
  const accessToken = await signAccessToken(ctx.keys, {
    iss: ctx.issuer,
    sub: user.id,
    aud: user.aud || 'authenticated',
    exp,
    iat,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: appMetadataOf(user),
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role || 'authenticated',
    aal: session.aal || 'aal1',
    amr: await amrOf(db, session.id),
    session_id: session.id,
    is_anonymous: user.is_anonymous,
  });
  return {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: exp - Math.floor(Date.now() / 1000),
    expires_at: exp,
    refresh_token: refreshToken,
    user: userJson(user),
  };
}

async function insertRefreshToken(db: Queryable, userId: string, sessionId: string, parent: string | null): Promise<string> {
  const token = newRefreshToken();
  await db.query(
    `insert into auth.refresh_tokens (token, user_id, revoked, parent, session_id, created_at, updated_at)
     values ($1, $2, false, $3, $4, now(), now())`,
    [token, userId, parent, sessionId],
  );
  return token;
}

/** Starts a session for a user who just proved who they are (`method`: 'password'). */
export async function issueSession(db: pg.PoolClient, ctx: SessionContext, userId: string, method: string, client: ClientInfo): Promise<AccessTokenResponse> {
  const { rows } = await db.query<{ id: string; aal: string }>(
    `insert into auth.sessions (user_id, aal, user_agent, ip, created_at, updated_at)
     values ($1, 'aal1', $2, $3, now(), now()) returning id, aal`,
    [userId, client.userAgent, client.ip],
  );
  const session = rows[0]!;
  await db.query(
    `insert into auth.mfa_amr_claims (session_id, authentication_method, created_at, updated_at)
     values ($1, $2, now(), now())`,
    [session.id, method],
  );
  const refreshToken = await insertRefreshToken(db, userId, session.id, null);
  await db.query('update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1', [userId]);
  await db.query(`update auth.identities set last_sign_in_at = now(), updated_at = now() where user_id = $1 and provider = 'email'`, [userId]);
  const user = (await findUserById(db, userId))!;
  return tokenResponse(db, ctx, user, session, refreshToken);
}

const INVALID_REFRESH_TOKEN = 'Refresh token is not valid';

/** POST /token?grant_type=refresh_token */
export async function refreshSession(ctx: SessionContext, token: string, client: ClientInfo): Promise<AccessTokenResponse> {
  if (token.length < 12) throw badRequest('validation_failed', INVALID_REFRESH_TOKEN);
  if (!/^[a-z0-9]{12}$/.test(token)) throw badRequest('validation_failed', INVALID_REFRESH_TOKEN);

  // Some refusals (detected reuse) change the database too: those are committed, then thrown.
  const outcome: { committedError: AuthHttpError | null } = { committedError: null };
  const db = await checkOut(ctx.pool);
  try {
    await db.query('begin');
    const result = await refreshInTransaction(db, ctx, token, client, (error) => {
      outcome.committedError = error;
    });
    await db.query('commit');
    if (outcome.committedError || !result) throw outcome.committedError;
    return result;
  } catch (error) {
    if (error !== outcome.committedError) await db.query('rollback').catch(() => {});
    throw error;
  } finally {
    db.release();
  }
}

async function refreshInTransaction(
  db: pg.PoolClient,
  ctx: SessionContext,
  token: string,
  client: ClientInfo,
  commitWithError: (error: AuthHttpError) => void,
): Promise<AccessTokenResponse | null> {
  const notFound = () => badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
  const lookup = await db.query<RefreshTokenRow>(
    'select id, token, user_id, revoked, parent, session_id, updated_at from auth.refresh_tokens where token = $1',
    [token],
  );
  const found = lookup.rows[0];
  if (!found || !found.user_id) throw notFound();
  const user = await findUserById(db, found.user_id);
  if (!user) throw notFound();
  if (isBanned(user)) throw badRequest('user_banned', 'Invalid Refresh Token: User Banned');
  if (!found.session_id) {
    await db.query('delete from auth.refresh_tokens where id = $1', [found.id]);
    commitWithError(badRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found'));
    return null;
  }

  // Serialise refreshes of one session: the session row first, then the token row.
  const sessions = await db.query<SessionRow>('select id, user_id, aal, not_after from auth.sessions where id = $1 for update', [found.session_id]);
  const session = sessions.rows[0];
  if (!session) throw notFound(); // signed out meanwhile: its tokens went with it
  if (session.not_after && session.not_after.getTime() < Date.now()) {
    throw badRequest('session_expired', 'Invalid Refresh Token: Session Expired');
  }
  const locked = await db.query<RefreshTokenRow>(
    'select id, token, user_id, revoked, parent, session_id, updated_at from auth.refresh_tokens where id = $1 for update',
    [found.id],
  );
  const current = locked.rows[0];
  if (!current) throw notFound();

  let issued: string;
  if (current.revoked) {
    const active = await db.query<RefreshTokenRow>(
      `select id, token, user_id, revoked, parent, session_id, updated_at from auth.refresh_tokens
        where session_id = $1 and not revoked order by id desc limit 1`,
      [session.id],
    );
    const activeToken = active.rows[0];
    const reuseUntil = current.updated_at.getTime() + ctx.settings.refreshTokenReuseIntervalSeconds * 1000;
    if (activeToken && (activeToken.parent === current.token || Date.now() <= reuseUntil)) {
      // The client lost the answer of its last refresh, or several tabs refreshed at once.
      issued = activeToken.token;
    } else {
      await db.query('delete from auth.sessions where id = $1', [session.id]);
      commitWithError(badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used'));
      return null;
    }
  } else {
    await db.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [current.id]);
    issued = await insertRefreshToken(db, user.id, session.id, current.token);
  }

  await db.query(`update auth.sessions set refreshed_at = now(), updated_at = now(), user_agent = $2, ip = $3 where id = $1`, [
    session.id,
    client.userAgent,
    client.ip,
  ]);
  return tokenResponse(db, ctx, user, session, issued);
}

export type LogoutScope = 'global' | 'local' | 'others';

export async function logout(db: Queryable, userId: string, sessionId: string | null, scope: LogoutScope): Promise<void> {
  if (sessionId && scope === 'local') {
    await db.query('delete from auth.sessions where id = $1', [sessionId]);
  } else if (sessionId && scope === 'others') {
    await db.query('delete from auth.sessions where user_id = $1 and id <> $2', [userId, sessionId]);
  } else {
    await db.query('delete from auth.sessions where user_id = $1', [userId]);
  }
}
