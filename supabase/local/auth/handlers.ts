// The HTTP API under /auth/v1, as @supabase/supabase-js (auth-js) calls it and GoTrue answers it.
// The API-key check in front of it plays the part of Supabase's gateway: the `apikey` must be the
// publishable or the secret key, and a key sent as the bearer token stands for the role the
// gateway would put in its place (`anon` or `service_role`).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { JWK } from 'jose';
import { serveMailbox, type LocalMailbox } from './mailbox.ts';
import { AuthHttpError, badRequest, errorResponse, forbidden, notFound, unprocessable } from './errors.ts';
import {
  booleanField,
  clientIp,
  corsHeaders,
  header,
  objectField,
  parseBody,
  preflightHeaders,
  rawStringField,
  readBody,
  sendJson,
  stringField,
  type Body,
} from './http.ts';
import { transaction } from '../../../lib/db/transaction.ts';
import { assertStrongPassword, hashPassword, passwordWeakness, verifyPassword } from './passwords.ts';
import { issueSession, logout, refreshSession, type ClientInfo, type LogoutScope, type SessionContext } from './sessions.ts';
import { verifyAccessToken } from './tokens.ts';
import { RateLimiter } from '../../../lib/rate-limit/rate-limiter.ts';
import {
  emailTaken,
  EMAIL_PATTERN,
  findUserByEmail,
  findUserById,
  insertUser,
  isBanned,
  listUsers,
  mergeMetadata,
  userJson,
  UUID_PATTERN,
  type UserWithIdentities,
} from './users.ts';

export interface ApiContext extends SessionContext {
  publishableKey: string;
  secretKey: string;
  jwks: { keys: JWK[] };
  version: string;
  limits: {
    /** Password sign-ins and sign-ups per client address. */
    signInPerAddress: RateLimiter;
    /** Failed password sign-ins per e-mail address. */
    failedSignInPerAccount: RateLimiter;
    /** Password-reset e-mails per e-mail address. */
    recoveryPerAccount: RateLimiter;
  };
  /** Where confirmation links are "sent" locally: the server log and the mailbox. */
  mail: (to: string, subject: string, link: string) => void;
  /** The local mail page's messages (GET /mail); absent, the page is a 404. */
  mailbox?: LocalMailbox;
  siteUrl: string;
}

interface Caller {
  claims: Record<string, unknown>;
}

interface AuthenticatedCaller extends Caller {
  user: UserWithIdentities;
  sessionId: string | null;
}

interface Request {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  params: Record<string, string>;
  body: () => Promise<Body>;
}

type Handler = (ctx: ApiContext, request: Request) => Promise<void>;

const ADMIN_ROLES = ['service_role', 'supabase_admin'];

/** Key comparison whose time does not depend on where the strings differ. */
export function sameKey(presented: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the length of the expected key does not leak either.
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function tooManyRequests(retryAfterSeconds: number): AuthHttpError {
  return new AuthHttpError(429, 'over_request_rate_limit', 'Request rate limit reached', undefined, {
    'Retry-After': String(retryAfterSeconds),
  });
}

/** Counts a sign-in or sign-up from this client address; 429 once over the limit. */
function limitByAddress(ctx: ApiContext, req: http.IncomingMessage): void {
  const verdict = ctx.limits.signInPerAddress.take(clientIp(req) ?? 'unknown');
  if (!verdict.ok) throw tooManyRequests(verdict.retryAfterSeconds);
}

// ---------------------------------------------------------------------------------------------
// Who is calling

function bearerToken(req: http.IncomingMessage): string {
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '');
  if (!match) throw new AuthHttpError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  return match[1]!;
}

/** The claims of the bearer token, or those the gateway would mint for an API key. */
async function callerClaims(ctx: ApiContext, req: http.IncomingMessage): Promise<Caller> {
  const token = bearerToken(req);
  if (sameKey(token, ctx.secretKey)) return { claims: { role: 'service_role', iss: 'supabase' } };
  if (sameKey(token, ctx.publishableKey)) return { claims: { role: 'anon', iss: 'supabase' } };
  return { claims: (await verifyAccessToken(ctx.keys, token)) as Record<string, unknown> };
}

/** GoTrue's maybeLoadUserOrSession: the token's user and session must still exist. */
async function loadUserAndSession(ctx: ApiContext, caller: Caller): Promise<AuthenticatedCaller> {
  const sub = caller.claims.sub;
  if (typeof sub !== 'string' || sub === '') throw forbidden('bad_jwt', 'invalid claim: missing sub claim');
  if (!UUID_PATTERN.test(sub)) throw badRequest('bad_jwt', 'invalid claim: sub claim must be a UUID');
  const user = await findUserById(ctx.pool, sub);
  if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist');
  const sid = caller.claims.session_id;
  let sessionId: string | null = null;
  if (typeof sid === 'string' && sid !== '' && sid !== '00000000-0000-0000-0000-000000000000') {
    if (!UUID_PATTERN.test(sid)) throw forbidden('bad_jwt', 'invalid claim: session_id claim must be a UUID');
    const { rowCount } = await ctx.pool.query('select 1 from auth.sessions where id = $1', [sid]);
    if (!rowCount) throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist');
    sessionId = sid;
  }
  return { ...caller, user, sessionId };
}

async function requireAuthentication(ctx: ApiContext, req: http.IncomingMessage): Promise<AuthenticatedCaller> {
  const caller = await loadUserAndSession(ctx, await callerClaims(ctx, req));
  if (isBanned(caller.user)) throw forbidden('user_banned', 'User is banned');
  return caller;
}

async function requireAdmin(ctx: ApiContext, req: http.IncomingMessage): Promise<void> {
  const caller = await callerClaims(ctx, req);
  const sid = caller.claims.session_id;
  if (typeof sid === 'string' && sid !== '') await loadUserAndSession(ctx, caller);
  if (!ADMIN_ROLES.includes(String(caller.claims.role))) throw forbidden('not_admin', 'User not allowed');
}

function clientInfo(req: http.IncomingMessage): ClientInfo {
  return { userAgent: header(req, 'user-agent') ?? null, ip: clientIp(req) };
}

// ---------------------------------------------------------------------------------------------
// Input rules shared by several endpoints

function validateEmail(email: string): string {
  if (email.length > 255) throw badRequest('validation_failed', 'An email address is too long');
  if (!EMAIL_PATTERN.test(email)) throw badRequest('validation_failed', 'Unable to validate email address: invalid format');
  return email.toLowerCase();
}

function validatePhone(phone: string): string {
  const digits = phone.replace(/[\s\-()+]/g, '');
  if (!/^[1-9]\d{1,14}$/.test(digits)) throw badRequest('validation_failed', 'Invalid phone number format (E.164 required)');
  return digits;
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration ("24h", "1h30m", "none") as GoTrue's ban_duration takes it; null = unban. */
function banUntil(duration: string): Date | null {
  if (duration === 'none') return null;
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(duration)) {
    throw badRequest('validation_failed', `invalid format for ban duration: time: invalid duration "${duration}"`);
  }
  let ms = 0;
  for (const [, value, , unit] of duration.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    ms += Number(value) * DURATION_UNITS[unit!]!;
  }
  return ms > 0 ? new Date(Date.now() + ms) : null;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

// ---------------------------------------------------------------------------------------------
// Endpoints

const health: Handler = async (ctx, { req, res }) => {
  await ctx.pool.query('select 1');
  sendJson(res, 200, { version: ctx.version, name: 'GoTrue', description: 'GoTrue is a user registration and authentication API' }, corsHeaders(req));
};

const settings: Handler = async (ctx, { req, res }) => {
  const providers = [
    'anonymous_users',
    'apple',
    'azure',
    'bitbucket',
    'discord',
    'facebook',
    'snapchat',
    'figma',
    'fly',
    'github',
    'gitlab',
    'google',
    'keycloak',
    'kakao',
    'linkedin',
    'linkedin_oidc',
    'notion',
    'spotify',
    'slack',
    'slack_oidc',
    'workos',
    'twitch',
    'twitter',
    'email',
    'phone',
    'zoom',
  ];
  sendJson(
    res,
    200,
    {
      external: Object.fromEntries(providers.map((p) => [p, p === 'email'])),
      disable_signup: ctx.settings.disableSignup,
      mailer_autoconfirm: ctx.settings.mailerAutoconfirm,
      phone_autoconfirm: false,
      sms_provider: '',
      saml_enabled: false,
      passkeys_enabled: false,
    },
    corsHeaders(req),
  );
};

const jwks: Handler = async (ctx, { req, res }) => {
  sendJson(res, 200, ctx.jwks, { ...corsHeaders(req), 'Cache-Control': 'public, max-age=600' });
};

const signup: Handler = async (ctx, { req, res, body }) => {
  if (ctx.settings.disableSignup) throw unprocessable('signup_disabled', 'Signups not allowed for this instance');
  limitByAddress(ctx, req);
  const params = await body();
  const password = rawStringField(params, 'password') ?? '';
  const emailParam = stringField(params, 'email');
  const phone = stringField(params, 'phone');
  const data = objectField(params, 'data') ?? {};
  if (password === '') throw badRequest('validation_failed', 'Signup requires a valid password');
  assertStrongPassword(password, ctx.settings.passwordMinLength);
  if (emailParam && phone) {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided on signup.');
  }
  if (phone) throw badRequest('phone_provider_disabled', 'Phone signups are disabled');
  if (!emailParam) throw badRequest('validation_failed', 'Sign up only available with email provider');
  const email = validateEmail(emailParam);

  const alreadyExists = () => unprocessable('user_already_exists', 'User already registered');
  if (await emailTaken(ctx.pool, email)) throw alreadyExists();
  const passwordHash = await hashPassword(password); // outside the transaction: bcrypt is slow
  const confirmed = ctx.settings.mailerAutoconfirm;
  let result: Record<string, unknown>;
  try {
    result = await transaction(ctx.pool, async (db) => {
      const user = await insertUser(db, {
        email,
        phone: null,
        passwordHash,
        role: 'authenticated',
        userMetadata: confirmed ? { ...data, email_verified: true } : data,
        appMetadata: { provider: 'email', providers: ['email'] },
        emailConfirmed: confirmed,
        phoneConfirmed: false,
        bannedUntil: null,
        identityExtra: data,
      });
      if (!confirmed) {
        // No mail is sent locally; the user stays unconfirmed until an admin confirms them.
        await db.query('update auth.users set confirmation_sent_at = now() where id = $1', [user.id]);
        return userJson((await findUserById(db, user.id))!);
      }
      return { ...(await issueSession(db, ctx, user.id, 'password', clientInfo(req))) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyExists(); // a concurrent sign-up won the race
    throw error;
  }
  sendJson(res, 200, result, corsHeaders(req));
};

const passwordGrant = async (ctx: ApiContext, { req, res, body }: Request) => {
  const params = await body();
  const email = stringField(params, 'email');
  const phone = stringField(params, 'phone');
  const password = rawStringField(params, 'password') ?? '';
  if (email && phone) {
    throw badRequest('validation_failed', 'Only an email address or phone number should be provided on login.');
  }
  if (phone) throw unprocessable('phone_provider_disabled', 'Phone logins are disabled');
  if (!email) throw badRequest('validation_failed', 'missing email or phone');

  const invalid = () => badRequest('invalid_credentials', 'Invalid login credentials');
  const account = email.trim().toLowerCase();
  limitByAddress(ctx, req);
  const accountVerdict = ctx.limits.failedSignInPerAccount.check(account);
  if (!accountVerdict.ok) throw tooManyRequests(accountVerdict.retryAfterSeconds);
  // Unknown e-mail and wrong password take the same path: one bcrypt comparison (against a dummy
  // hash when there is no user), then the same error. Nothing about the account is told before
  // the password is known to be right.
  const user = await findUserByEmail(ctx.pool, email);
  const valid = await verifyPassword(password, user?.encrypted_password);
  if (!user || !valid) {
    ctx.limits.failedSignInPerAccount.hit(account);
    throw invalid();
  }
  if (isBanned(user)) throw badRequest('user_banned', 'User is banned');
  if (!user.email_confirmed_at) throw badRequest('email_not_confirmed', 'Email not confirmed');

  const token = await transaction(ctx.pool, (db) => issueSession(db, ctx, user.id, 'password', clientInfo(req)));
  // A password that no longer meets the rules still signs in; the client is told it is weak.
  try {
    const weakness = passwordWeakness(password, ctx.settings.passwordMinLength);
    if (weakness) token.weak_password = weakness;
  } catch {
    // Longer than bcrypt reads: not a weakness to report at sign-in.
  }
  sendJson(res, 200, token, corsHeaders(req));
};

const token: Handler = async (ctx, request) => {
  const { req, res, url } = request;
  let grantType = url.searchParams.get('grant_type');
  if (!grantType) {
    const params = await request.body();
    grantType = typeof params.grant_type === 'string' ? params.grant_type : null;
  }
  if (grantType === 'password') return passwordGrant(ctx, request);
  if (grantType === 'refresh_token') {
    const params = await request.body();
    const refreshToken = rawStringField(params, 'refresh_token') ?? '';
    const session = await refreshSession(ctx, refreshToken, clientInfo(req));
    sendJson(res, 200, session, corsHeaders(req));
    return;
  }
  throw badRequest('invalid_credentials', 'unsupported_grant_type');
};

const getUser: Handler = async (ctx, { req, res }) => {
  const caller = await requireAuthentication(ctx, req);
  const aud = caller.claims.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (audiences[0] !== 'authenticated') {
    throw badRequest('validation_failed', "Token audience doesn't match request audience");
  }
  sendJson(res, 200, userJson(caller.user), corsHeaders(req));
};

const updateUser: Handler = async (ctx, { req, res, body }) => {
  const caller = await requireAuthentication(ctx, req);
  const params = await body();
  const user = caller.user;
  const emailParam = stringField(params, 'email');
  const email = emailParam ? validateEmail(emailParam) : undefined;
  const password = rawStringField(params, 'password');
  const data = objectField(params, 'data');
  const appData = objectField(params, 'app_metadata');
  if (stringField(params, 'phone')) throw badRequest('phone_provider_disabled', 'Phone changes are disabled');
  if (password !== undefined) assertStrongPassword(password, ctx.settings.passwordMinLength);
  if (appData && !ADMIN_ROLES.includes(String(caller.claims.role))) {
    throw forbidden('not_admin', 'Updating app_metadata requires admin privileges');
  }
  const emailChanges = email !== undefined && email !== user.email;
  const emailExists = () => unprocessable('email_exists', 'A user with this email address has already been registered');
  if (emailChanges && (await emailTaken(ctx.pool, email, user.id))) throw emailExists();

  let pendingMail: { to: string; link: string } | undefined;
  let passwordHash: string | undefined;
  if (password !== undefined && password !== '') {
    if (await verifyPassword(password, user.encrypted_password)) {
      throw unprocessable('same_password', 'New password should be different from the old password.');
    }
    passwordHash = await hashPassword(password);
  }

  try {
    await transaction(ctx.pool, async (db) => {
      if (passwordHash !== undefined) {
        await db.query('update auth.users set encrypted_password = $2, updated_at = now() where id = $1', [user.id, passwordHash]);
        // Whoever knew the old password is signed out everywhere else.
        await logout(db, user.id, caller.sessionId, caller.sessionId ? 'others' : 'global');
      }
      if (data) {
        await db.query('update auth.users set raw_user_meta_data = $2, updated_at = now() where id = $1', [
          user.id,
          mergeMetadata(user.raw_user_meta_data, data),
        ]);
      }
      if (appData) {
        await db.query('update auth.users set raw_app_meta_data = $2, updated_at = now() where id = $1', [
          user.id,
          mergeMetadata(user.raw_app_meta_data, appData),
        ]);
      }
      if (emailChanges) {
        // As on Supabase, a permanent user's new address takes effect only once confirmed: the
        // change is recorded as pending and a link is "mailed" (locally: printed to the log).
        const confirmToken = randomBytes(32).toString('base64url');
        await db.query(
          `update auth.users set email_change = $2, email_change_token_new = $3, email_change_sent_at = now(),
                  updated_at = now() where id = $1`,
          [user.id, email, tokenHash(confirmToken)],
        );
        pendingMail = { to: email, link: `${ctx.issuer}/verify?token=${confirmToken}&type=email_change&redirect_to=${encodeURIComponent(ctx.siteUrl)}` };
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailExists();
    throw error;
  }
  if (pendingMail) ctx.mail(pendingMail.to, 'Confirm your new e-mail address', pendingMail.link);
  sendJson(res, 200, userJson((await findUserById(ctx.pool, user.id))!), corsHeaders(req));
};

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const EMAIL_CHANGE_LINK_LIFETIME = '24 hours';

/** The confirmation link of an e-mail change: applies the pending address, then back to the site. */
const verify: Handler = async (ctx, { res, url }) => {
  const token = url.searchParams.get('token') ?? '';
  if (url.searchParams.get('type') !== 'email_change') throw badRequest('validation_failed', 'Unsupported verification type');
  const applied = await transaction(ctx.pool, async (db) => {
    const { rows } = await db.query<{ id: string; email_change: string }>(
      `select id, email_change from auth.users
        where email_change_token_new = $1 and email_change <> '' and email_change_token_new <> ''
          and email_change_sent_at > now() - $2::interval
        for update`,
      [tokenHash(token), EMAIL_CHANGE_LINK_LIFETIME],
    );
    const row = rows[0];
    if (!row) return false;
    if (await emailTaken(db, row.email_change, row.id)) throw unprocessable('email_exists', 'A user with this email address has already been registered');
    await db.query(
      `update auth.users set email = email_change, email_confirmed_at = coalesce(email_confirmed_at, now()), email_change = '',
              email_change_token_new = '', email_change_sent_at = null, updated_at = now() where id = $1`,
      [row.id],
    );
    await db.query(
      `update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text, 'email_verified', true),
              updated_at = now() where user_id = $1 and provider = 'email'`,
      [row.id, row.email_change],
    );
    return true;
  });
  if (!applied) throw forbidden('otp_expired', 'Email link is invalid or has expired');
  res.writeHead(303, { Location: ctx.siteUrl }).end();
};

const RECOVERY_LINK_LIFETIME = EMAIL_CHANGE_LINK_LIFETIME;

/**
 * POST /recover: "mails" a link to choose a new password. The answer is the same `{}` for every
 * address, with an account or without, so it cannot be used to find out who has one; the per-address
 * limit counts unknown addresses too, for the same reason.
 */
const recover: Handler = async (ctx, { req, res, body }) => {
  limitByAddress(ctx, req);
  const emailParam = stringField(await body(), 'email');
  if (!emailParam) throw badRequest('validation_failed', 'Password recovery requires an email');
  const email = validateEmail(emailParam);
  const verdict = ctx.limits.recoveryPerAccount.take(email);
  if (!verdict.ok) {
    throw new AuthHttpError(
      429,
      'over_email_send_rate_limit',
      `For security purposes, you can only request this after ${verdict.retryAfterSeconds} seconds.`,
      undefined,
      { 'Retry-After': String(verdict.retryAfterSeconds) },
    );
  }
  const user = await findUserByEmail(ctx.pool, email);
  if (user?.email && !isBanned(user)) {
    // Only the hash is stored: a read of the database does not give a usable link. A new request
    // replaces the previous token.
    const token = randomBytes(32).toString('base64url');
    await ctx.pool.query('update auth.users set recovery_token = $2, recovery_sent_at = now(), updated_at = now() where id = $1', [user.id, tokenHash(token)]);
    // The link leads to the app (as Supabase's "Reset password" template with {{ .TokenHash }}),
    // which verifies it server-side and sets the session cookie itself.
    ctx.mail(user.email, 'Choose a new password', `${ctx.siteUrl.replace(/\/+$/, '')}/auth/confirm?token_hash=${token}&type=recovery`);
  }
  sendJson(res, 200, {}, corsHeaders(req));
};

/** Types GoTrue's POST /verify knows; only recovery links are issued here, the others never match. */
const VERIFY_TYPES = ['signup', 'invite', 'magiclink', 'recovery', 'email_change', 'email'];

/** POST /verify {type, token_hash}: a recovery link's token buys one session, once. */
const verifyOtp: Handler = async (ctx, { req, res, body }) => {
  const params = await body();
  const type = stringField(params, 'type') ?? '';
  const presented = rawStringField(params, 'token_hash') ?? '';
  if (!VERIFY_TYPES.includes(type)) throw badRequest('validation_failed', 'Verify requires a verification type');
  if (presented === '') throw badRequest('validation_failed', 'Verify requires either a token or a token hash');
  const session = await transaction(ctx.pool, async (db) => {
    if (type !== 'recovery') return null;
    // Burnt in the same statement that finds it: two concurrent uses cannot both win. Opening the
    // link proves the address, so it also confirms it (as in GoTrue).
    const { rows } = await db.query<{ id: string }>(
      `update auth.users set recovery_token = '', email_confirmed_at = coalesce(email_confirmed_at, now()), updated_at = now()
        where recovery_token = $1 and recovery_token <> '' and recovery_sent_at > now() - $2::interval
          and deleted_at is null and (banned_until is null or banned_until <= now())
        returning id`,
      [tokenHash(presented), RECOVERY_LINK_LIFETIME],
    );
    const row = rows[0];
    if (!row) return null;
    return issueSession(db, ctx, row.id, 'recovery', clientInfo(req));
  });
  if (!session) throw forbidden('otp_expired', 'Email link is invalid or has expired');
  sendJson(res, 200, session, corsHeaders(req));
};

const logoutHandler: Handler = async (ctx, { req, res, url }) => {
  const caller = await requireAuthentication(ctx, req);
  const scopeParam = url.searchParams.get('scope') ?? '';
  const scopes: Record<string, LogoutScope> = { '': 'global', global: 'global', local: 'local', others: 'others' };
  const scope = scopes[scopeParam];
  if (!scope) throw badRequest('validation_failed', `Unsupported logout scope "${scopeParam}"`);
  await logout(ctx.pool, caller.user.id, caller.sessionId, scope);
  res.writeHead(204, corsHeaders(req)).end();
};

// ---------------------------------------------------------------------------------------------
// Admin

function parsePaginationNumber(value: string | null, fallback: number): number {
  if (value === null || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value)) throw badRequest('validation_failed', `Bad Pagination Parameters: invalid number "${value}"`);
  return Number(value);
}

const adminListUsers: Handler = async (ctx, { req, res, url }) => {
  await requireAdmin(ctx, req);
  const page = Math.max(1, parsePaginationNumber(url.searchParams.get('page'), 1));
  const perPage = parsePaginationNumber(url.searchParams.get('per_page'), 50);
  if (perPage < 1) throw badRequest('validation_failed', 'Bad Pagination Parameters: per_page must be positive');
  const { users, total } = await listUsers(ctx.pool, page, perPage);

  // GoTrue's Link header: path relative to the auth API, query keys sorted, page first.
  const totalPages = Math.ceil(total / perPage);
  const linkTo = (target: number) => {
    const query = new URLSearchParams(url.searchParams);
    query.set('page', String(target));
    query.sort();
    return `</admin/users?${query.toString()}>`;
  };
  const links: string[] = [];
  if (totalPages > page) links.push(`${linkTo(page + 1)}; rel="next"`);
  links.push(`${linkTo(totalPages)}; rel="last"`);
  sendJson(
    res,
    200,
    { users: users.map(userJson), aud: 'authenticated' },
    {
      ...corsHeaders(req),
      Link: links.join(', '),
      'X-Total-Count': String(total),
    },
  );
};

async function loadUserParam(ctx: ApiContext, id: string): Promise<UserWithIdentities> {
  if (!UUID_PATTERN.test(id)) throw notFound('validation_failed', 'user_id must be an UUID');
  const user = await findUserById(ctx.pool, id);
  if (!user) throw notFound('user_not_found', 'User not found');
  return user;
}

const adminGetUser: Handler = async (ctx, { req, res, params }) => {
  await requireAdmin(ctx, req);
  sendJson(res, 200, userJson(await loadUserParam(ctx, params.id!)), corsHeaders(req));
};

const adminCreateUser: Handler = async (ctx, { req, res, body }) => {
  await requireAdmin(ctx, req);
  const params = await body();
  const emailParam = stringField(params, 'email');
  const phoneParam = stringField(params, 'phone');
  if (!emailParam && !phoneParam) {
    throw badRequest('validation_failed', 'Cannot create a user without either an email or phone');
  }
  const emailExists = () => unprocessable('email_exists', 'A user with this email address has already been registered');
  const email = emailParam ? validateEmail(emailParam) : null;
  if (email && (await emailTaken(ctx.pool, email))) throw emailExists();
  const phone = phoneParam ? validatePhone(phoneParam) : null;
  if (phone) {
    const { rowCount } = await ctx.pool.query('select 1 from auth.users where phone = $1', [phone]);
    if (rowCount) throw unprocessable('phone_exists', 'Phone number already registered by another user');
  }
  const password = rawStringField(params, 'password');
  const passwordHashParam = stringField(params, 'password_hash');
  if (password && passwordHashParam) {
    throw badRequest('validation_failed', 'Only a password or a password hash should be provided');
  }
  let passwordHash: string;
  if (passwordHashParam) {
    if (!/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(passwordHashParam)) {
      throw badRequest('validation_failed', 'password_hash must be a bcrypt hash');
    }
    passwordHash = passwordHashParam;
  } else {
    if (password && Buffer.byteLength(password) > 72) {
      throw badRequest('validation_failed', 'bcrypt: password length exceeds 72 bytes');
    }
    // Without a password the user gets an unguessable one, as in GoTrue.
    passwordHash = await hashPassword(password || randomBytes(48).toString('base64url'));
  }
  const id = stringField(params, 'id');
  if (id !== undefined) {
    if (!UUID_PATTERN.test(id)) throw badRequest('validation_failed', 'ID must conform to the uuid v4 format');
    if (/^[0-]+$/.test(id)) throw badRequest('validation_failed', 'ID cannot be a nil uuid');
  }
  const banDuration = stringField(params, 'ban_duration');
  const emailConfirm = booleanField(params, 'email_confirm');
  const userMetadata = objectField(params, 'user_metadata') ?? {};
  const providers = [...(email ? ['email'] : []), ...(phone ? ['phone'] : [])];
  try {
    const user = await transaction(ctx.pool, (db) =>
      insertUser(db, {
        id,
        email,
        phone,
        passwordHash,
        role: stringField(params, 'role') ?? 'authenticated',
        userMetadata: emailConfirm ? { ...userMetadata, email_verified: true } : userMetadata,
        appMetadata: mergeMetadata({ provider: providers[0], providers }, objectField(params, 'app_metadata') ?? {}),
        emailConfirmed: emailConfirm,
        phoneConfirmed: booleanField(params, 'phone_confirm'),
        bannedUntil: banDuration ? banUntil(banDuration) : null,
      }),
    );
    sendJson(res, 200, userJson(user), corsHeaders(req));
  } catch (error) {
    if (isUniqueViolation(error)) {
      if (String((error as { constraint?: string }).constraint).includes('pkey')) {
        throw unprocessable('validation_failed', 'A user with this ID already exists');
      }
      throw emailExists();
    }
    throw error;
  }
};

const adminUpdateUser: Handler = async (ctx, { req, res, params: routeParams, body }) => {
  await requireAdmin(ctx, req);
  const user = await loadUserParam(ctx, routeParams.id!);
  const params = await body();
  const emailParam = stringField(params, 'email');
  const email = emailParam ? validateEmail(emailParam) : undefined;
  const phoneParam = stringField(params, 'phone');
  const phone = phoneParam ? validatePhone(phoneParam) : undefined;
  const banDuration = stringField(params, 'ban_duration');
  const bannedUntil = banDuration ? banUntil(banDuration) : undefined;
  const password = rawStringField(params, 'password');
  const emailConfirm = booleanField(params, 'email_confirm');
  const phoneConfirm = booleanField(params, 'phone_confirm');
  const role = stringField(params, 'role');
  const userMetadata = objectField(params, 'user_metadata');
  const appMetadata = objectField(params, 'app_metadata');
  const emailExists = () => unprocessable('email_exists', 'A user with this email address has already been registered');
  if (email && email !== user.email && (await emailTaken(ctx.pool, email, user.id))) throw emailExists();
  let passwordHash: string | undefined;
  if (password !== undefined) {
    assertStrongPassword(password, ctx.settings.passwordMinLength);
    passwordHash = await hashPassword(password);
  }

  try {
    await transaction(ctx.pool, async (db) => {
      const set = (sql: string, values: unknown[] = []) => db.query(`update auth.users set ${sql}, updated_at = now() where id = $1`, [user.id, ...values]);
      if (role) await set('role = $2', [role]);
      let metadata = user.raw_user_meta_data ?? {};
      if (emailConfirm) {
        await set('email_confirmed_at = coalesce(email_confirmed_at, now())');
        metadata = mergeMetadata(metadata, { email_verified: true });
      }
      if (phoneConfirm) await set('phone_confirmed_at = coalesce(phone_confirmed_at, now())');
      if (passwordHash !== undefined) {
        await set('encrypted_password = $2', [passwordHash]);
        await logout(db, user.id, null, 'global');
      }
      if (email) {
        const updated = await db.query(
          `update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text, 'email_verified', $3::boolean),
                  updated_at = now() where user_id = $1 and provider = 'email'`,
          [user.id, email, emailConfirm],
        );
        if (!updated.rowCount) {
          await db.query(
            `insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
             values ($1::text, $1::text::uuid, $2, 'email', now(), now())`,
            [user.id, { sub: user.id, email, email_verified: emailConfirm, phone_verified: false }],
          );
        }
        await set('email = $2', [email]);
      }
      if (phone) await set('phone = $2', [phone]);
      if (appMetadata) await set('raw_app_meta_data = $2', [mergeMetadata(user.raw_app_meta_data, appMetadata)]);
      if (userMetadata) metadata = mergeMetadata(metadata, userMetadata);
      if (emailConfirm || userMetadata) await set('raw_user_meta_data = $2', [metadata]);
      if (bannedUntil !== undefined) await set('banned_until = $2', [bannedUntil]);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailExists();
    throw error;
  }
  sendJson(res, 200, userJson((await findUserById(ctx.pool, user.id))!), corsHeaders(req));
};

const adminDeleteUser: Handler = async (ctx, { req, res, params: routeParams, body }) => {
  await requireAdmin(ctx, req);
  const user = await loadUserParam(ctx, routeParams.id!);
  const softDelete = booleanField(await body(), 'should_soft_delete');
  await transaction(ctx.pool, async (db) => {
    if (!softDelete) {
      await db.query('delete from auth.users where id = $1', [user.id]);
      return;
    }
    if (user.deleted_at) return;
    // GoTrue's soft delete: the row stays for references, but nothing can sign in as it any more.
    await db.query(
      `update auth.users set deleted_at = now(), updated_at = now(), email = null, phone = null,
              encrypted_password = '', raw_user_meta_data = '{}', raw_app_meta_data = '{}'
        where id = $1`,
      [user.id],
    );
    await db.query('delete from auth.identities where user_id = $1', [user.id]);
    await logout(db, user.id, null, 'global');
  });
  sendJson(res, 200, {}, corsHeaders(req));
};

// ---------------------------------------------------------------------------------------------
// Routing

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
  /** Served without an API key (public metadata). */
  public?: boolean;
}

const routes: Route[] = [
  { method: 'GET', pattern: /^\/\.well-known\/jwks\.json$/, handler: jwks, public: true },
  { method: 'GET', pattern: /^\/health$/, handler: health },
  { method: 'GET', pattern: /^\/settings$/, handler: settings },
  { method: 'POST', pattern: /^\/signup$/, handler: signup },
  { method: 'POST', pattern: /^\/token$/, handler: token },
  { method: 'GET', pattern: /^\/user$/, handler: getUser },
  { method: 'PUT', pattern: /^\/user$/, handler: updateUser },
  { method: 'POST', pattern: /^\/logout$/, handler: logoutHandler },
  { method: 'GET', pattern: /^\/verify$/, handler: verify, public: true },
  { method: 'POST', pattern: /^\/verify$/, handler: verifyOtp },
  { method: 'POST', pattern: /^\/recover$/, handler: recover },
  { method: 'GET', pattern: /^\/admin\/users$/, handler: adminListUsers },
  { method: 'POST', pattern: /^\/admin\/users$/, handler: adminCreateUser },
  { method: 'GET', pattern: /^\/admin\/users\/(?<id>[^/]+)$/, handler: adminGetUser },
  { method: 'PUT', pattern: /^\/admin\/users\/(?<id>[^/]+)$/, handler: adminUpdateUser },
  { method: 'DELETE', pattern: /^\/admin\/users\/(?<id>[^/]+)$/, handler: adminDeleteUser },
];

const PREFIX = '/auth/v1';

/** Supabase's gateway answers a missing or wrong API key itself, in its own shape. */
function checkApiKey(ctx: ApiContext, req: http.IncomingMessage, url: URL): { message: string; hint: string } | null {
  const key = header(req, 'apikey') ?? url.searchParams.get('apikey');
  if (!key) return { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' };
  // Both comparisons always run: which key matched must not show in the time either.
  const publishable = sameKey(key, ctx.publishableKey);
  const secret = sameKey(key, ctx.secretKey);
  if (!publishable && !secret) {
    return { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' };
  }
  return null;
}

export function createRequestHandler(ctx: ApiContext, log: (line: string) => void) {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, preflightHeaders(req)).end();
        return;
      }
      // The local mail page sits beside the API, as Supabase's local mail catcher does: a page for
      // the developer's browser on this machine, without API key (the server listens on loopback).
      if (url.pathname === '/mail' && ctx.mailbox && (req.method === 'GET' || req.method === 'HEAD')) {
        serveMailbox(ctx.mailbox, url, res);
        return;
      }
      if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) {
        sendJson(res, 404, { message: 'no Route matched with those values' }, corsHeaders(req));
        return;
      }
      const path = url.pathname.slice(PREFIX.length).replace(/\/+$/, '') || '/';
      const matching = routes.filter((r) => r.pattern.test(path));
      const route = matching.find((r) => r.method === req.method || (r.method === 'GET' && req.method === 'HEAD'));
      if (!route?.public) {
        const keyError = checkApiKey(ctx, req, url);
        if (keyError) {
          sendJson(res, 401, keyError, corsHeaders(req));
          return;
        }
      }
      if (!route) {
        throw matching.length ? new AuthHttpError(405, 'unknown', 'Method Not Allowed') : new AuthHttpError(404, 'unknown', 'Not Found');
      }
      let body: Promise<Body> | undefined;
      const request: Request = {
        req,
        res,
        url,
        params: { ...route.pattern.exec(path)?.groups },
        body: () => (body ??= readBody(req, ctx.settings.maxBodyBytes).then((raw) => parseBody(raw, header(req, 'content-type')))),
      };
      await route.handler(ctx, request);
    } catch (error) {
      const known = error instanceof AuthHttpError ? error : new AuthHttpError(500, 'unexpected_failure', 'Internal Server Error');
      if (!(error instanceof AuthHttpError)) log(`auth: ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const { status, headers, body } = errorResponse(req, known);
      // An unread oversized body must not be parsed as the next request.
      if (status === 413) headers.Connection = 'close';
      sendJson(res, status, body, { ...corsHeaders(req), ...headers });
    }
  };
}
