// auth.users and auth.identities: reading, writing and GoTrue's JSON form of a user.
import type pg from 'pg';

export type Queryable = pg.Pool | pg.PoolClient;

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_sent_at: Date | null;
  recovery_sent_at: Date | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date | null;
  updated_at: Date | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  banned_until: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
}

export interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  email: string | null;
}

export interface UserWithIdentities extends UserRow {
  identities: IdentityRow[];
}

const USER_COLUMNS = `id, aud, role, email, encrypted_password, email_confirmed_at, invited_at,
  confirmation_sent_at, recovery_sent_at, email_change, email_change_sent_at, last_sign_in_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at, phone, phone_confirmed_at,
  banned_until, deleted_at, is_anonymous`;

export const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function withIdentities(db: Queryable, user: UserRow | undefined): Promise<UserWithIdentities | null> {
  if (!user) return null;
  const { rows } = await db.query<IdentityRow>(
    `select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email
       from auth.identities where user_id = $1 order by created_at, id`,
    [user.id],
  );
  return { ...user, identities: rows };
}

export async function findUserById(db: Queryable, id: string, forUpdate = false): Promise<UserWithIdentities | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from auth.users where id = $1${forUpdate ? ' for update' : ''}`, [id]);
  return withIdentities(db, rows[0]);
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserWithIdentities | null> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users
      where lower(email) = lower($1) and aud = 'authenticated' and not is_sso_user
      order by created_at limit 1`,
    [email],
  );
  return withIdentities(db, rows[0]);
}

/** Whether another user already uses this e-mail (as their address or an identity's). */
export async function emailTaken(db: Queryable, email: string, exceptUserId?: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `select 1 from auth.users where lower(email) = lower($1) and ($2::uuid is null or id <> $2::uuid)
     union all
     select 1 from auth.identities where email = lower($1) and ($2::uuid is null or user_id <> $2::uuid)
     limit 1`,
    [email, exceptUserId ?? null],
  );
  return (rowCount ?? 0) > 0;
}

export interface NewUser {
  id?: string;
  email: string | null;
  phone: string | null;
  passwordHash: string;
  role: string;
  userMetadata: Record<string, unknown>;
  appMetadata: Record<string, unknown>;
  emailConfirmed: boolean;
  phoneConfirmed: boolean;
  bannedUntil: Date | null;
  /** Extra identity_data keys (sign-up copies its `data` there, never overriding GoTrue's own). */
  identityExtra?: Record<string, unknown>;
}

/**
 * Inserts the user with everything in one statement (so that triggers on auth.users, such as one
 * creating a profile row, see the final metadata) and an e-mail identity, then reloads the row,
 * because triggers may have changed it.
 */
export async function insertUser(db: pg.PoolClient, user: NewUser): Promise<UserWithIdentities> {
  const { rows } = await db.query<{ id: string }>(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
        phone, phone_confirmed_at, raw_app_meta_data, raw_user_meta_data, banned_until, created_at, updated_at)
     values ('00000000-0000-0000-0000-000000000000', coalesce($1::uuid, gen_random_uuid()), 'authenticated', $2,
        $3, $4, case when $5 then now() end, $6, case when $7 then now() end, $8, $9, $10, now(), now())
     returning id`,
    [
      user.id ?? null,
      user.role,
      user.email,
      user.passwordHash,
      user.emailConfirmed,
      user.phone,
      user.phoneConfirmed,
      user.appMetadata,
      user.userMetadata,
      user.bannedUntil,
    ],
  );
  const id = rows[0]!.id;
  if (user.email) {
    await db.query(
      `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
       values ($1::text, $1::text::uuid, $2, 'email', now(), now(), now())`,
      [id, { ...user.identityExtra, sub: id, email: user.email, email_verified: user.emailConfirmed, phone_verified: false }],
    );
  }
  return (await findUserById(db, id))!;
}

export async function listUsers(db: Queryable, page: number, perPage: number): Promise<{ users: UserWithIdentities[]; total: number }> {
  const count = await db.query<{ total: string }>(`select count(*) as total from auth.users where aud = 'authenticated'`);
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users where aud = 'authenticated'
      order by created_at desc, id desc limit $1 offset $2`,
    [perPage, (page - 1) * perPage],
  );
  const identities = await db.query<IdentityRow>(
    `select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email
       from auth.identities where user_id = any($1::uuid[]) order by created_at, id`,
    [rows.map((r) => r.id)],
  );
  const byUser = new Map<string, IdentityRow[]>();
  for (const identity of identities.rows) {
    byUser.set(identity.user_id, [...(byUser.get(identity.user_id) ?? []), identity]);
  }
  return {
    users: rows.map((r) => ({ ...r, identities: byUser.get(r.id) ?? [] })),
    total: Number(count.rows[0]!.total),
  };
}

/** GoTrue's metadata update: keys set to null are removed, others replaced. */
export function mergeMetadata(current: Record<string, unknown> | null, updates: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** app_metadata as GoTrue reports it: provider defaults for rows created outside the server. */
export function appMetadataOf(user: UserRow): Record<string, unknown> {
  return { provider: 'email', providers: ['email'], ...user.raw_app_meta_data };
}

export function isBanned(user: UserRow): boolean {
  return user.banned_until !== null && user.banned_until.getTime() > Date.now();
}

const iso = (date: Date | null) => (date ? date.toISOString() : undefined);

function identityJson(identity: IdentityRow) {
  return omitUndefined({
    identity_id: identity.id,
    id: identity.provider_id,
    user_id: identity.user_id,
    identity_data: identity.identity_data,
    provider: identity.provider,
    last_sign_in_at: iso(identity.last_sign_in_at),
    created_at: iso(identity.created_at),
    updated_at: iso(identity.updated_at),
    email: identity.email ?? undefined,
  });
}

/** A user as GoTrue serialises it (models.User): optional timestamps are left out when unset. */
export function userJson(user: UserWithIdentities): Record<string, unknown> {
  const confirmedCandidates = [user.email_confirmed_at, user.phone_confirmed_at].filter((d): d is Date => d !== null);
  const confirmedAt = confirmedCandidates.length ? new Date(Math.min(...confirmedCandidates.map((d) => d.getTime()))) : null;
  return omitUndefined({
    id: user.id,
    aud: user.aud ?? '',
    role: user.role ?? '',
    email: user.email ?? '',
    email_confirmed_at: iso(user.email_confirmed_at),
    invited_at: iso(user.invited_at),
    phone: user.phone ?? '',
    phone_confirmed_at: iso(user.phone_confirmed_at),
    confirmation_sent_at: iso(user.confirmation_sent_at),
    confirmed_at: iso(confirmedAt),
    recovery_sent_at: iso(user.recovery_sent_at),
    new_email: user.email_change || undefined,
    email_change_sent_at: iso(user.email_change_sent_at),
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: appMetadataOf(user),
    user_metadata: user.raw_user_meta_data ?? {},
    identities: user.identities.map(identityJson),
    created_at: iso(user.created_at) ?? new Date(0).toISOString(),
    updated_at: iso(user.updated_at) ?? new Date(0).toISOString(),
    banned_until: iso(user.banned_until),
    deleted_at: iso(user.deleted_at),
    is_anonymous: user.is_anonymous,
  });
}

function omitUndefined<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}
