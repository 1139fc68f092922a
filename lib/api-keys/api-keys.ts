// API keys: `qf_<prefix>_<secret>`, shown once. The database holds the SHA-256 of the whole key (a
// 256-bit random secret needs no slow hash) and the prefix, which names the key in lists and finds
// its row on verification. Keys carry their owner's rights (RLS applies as for the owner), so every
// role may create them: a viewer's key reads what the viewer may read and can submit nothing.
import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import { asService } from '../db/service.ts';
import type { Role } from '../auth/permissions.ts';
import { UserError } from '../errors/user-error.ts';
import type { CreateApiKeyInput } from '../validation/api-keys.ts';

export const MAX_ACTIVE_KEYS = 25;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const KEY_PATTERN = /^(qf_[A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
/** last_used_at is written at most this often per key (verification is on every request). */
const LAST_USED_RESOLUTION = '1 minute';

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

export interface CreatedApiKey extends ApiKeySummary {
  /** The full key: returned once, never stored. */
  key: string;
}

export interface VerifiedApiKey {
  keyId: string;
  userId: string;
  role: Role;
  scopes: string[];
}

function randomAlphanumeric(length: number): string {
  // 62 does not divide 256: draw bytes and reject the top values to stay uniform.
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = `qf_${randomAlphanumeric(8)}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

function toSummary(row: KeyRow, now = Date.now()): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    status: row.revoked_at ? 'revoked' : row.expires_at && row.expires_at.getTime() <= now ? 'expired' : 'active',
  };
}

const KEY_COLUMNS = 'id, name, prefix, created_at, last_used_at, expires_at, revoked_at';

export async function createApiKey(claims: JwtClaims, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  return asUser(claims, async (db) => {
    const active = await db.query<{ n: number }>(
      `select count(*)::int as n from public.api_keys
        where user_id = (select auth.uid()) and revoked_at is null and (expires_at is null or expires_at > now())`,
    );
    if ((active.rows[0]?.n ?? 0) >= MAX_ACTIVE_KEYS) {
      throw new UserError('QUOTA_EXCEEDED', `You have ${MAX_ACTIVE_KEYS} active keys. Revoke one you no longer use first.`);
    }
    const { key, prefix, hash } = generateApiKey();
    const { rows } = await db.query<KeyRow>(
      `insert into public.api_keys (user_id, name, prefix, key_hash, scopes, expires_at)
        values ((select auth.uid()), $1, $2, $3, '{read}', case when $4::int is null then null else now() + make_interval(days => $4::int) end)
        returning ${KEY_COLUMNS}`,
      [input.name, prefix, hash, input.expiresInDays],
    );
    return { ...toSummary(rows[0]!), key };
  });
}

/** The caller's keys, newest first (never the hash). */
export async function listApiKeys(claims: JwtClaims): Promise<ApiKeySummary[]> {
  return asUser(claims, async (db) => {
    const { rows } = await db.query<KeyRow>(
      `select ${KEY_COLUMNS} from public.api_keys where user_id = (select auth.uid()) order by created_at desc limit 200`,
    );
    const now = Date.now();
    return rows.map((row) => toSummary(row, now));
  });
}

/** Revokes one of the caller's keys; false when there is no such active key. */
export async function revokeApiKey(claims: JwtClaims, id: string): Promise<boolean> {
  return asUser(claims, async (db) => {
    const { rowCount } = await db.query(
      'update public.api_keys set revoked_at = now() where id = $1 and user_id = (select auth.uid()) and revoked_at is null',
      [id],
    );
    return (rowCount ?? 0) > 0;
  });
}

/**
 * Checks a presented key: well-formed, known, hash equal (constant time), not revoked, not expired,
 * owner still present. Records its use. Returns null for every kind of refusal (callers answer 401).
 */
export async function verifyApiKey(key: string): Promise<VerifiedApiKey | null> {
  const match = KEY_PATTERN.exec(key.trim());
  if (!match) return null;
  const prefix = match[1]!;
  const presented = Buffer.from(hashApiKey(key.trim()), 'hex');
  return asService(async (db) => {
    const { rows } = await db.query<{ id: string; user_id: string; key_hash: string; scopes: string[]; role: VerifiedApiKey['role'] }>(
      `select k.id, k.user_id, k.key_hash, k.scopes, p.role
         from public.api_keys k join public.profiles p on p.id = k.user_id
        where k.prefix = $1 and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())`,
      [prefix],
    );
    const row = rows[0];
    if (!row) return null;
    const stored = Buffer.from(row.key_hash, 'hex');
    if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return null;
    await db.query(
      `update public.api_keys set last_used_at = now()
        where id = $1 and (last_used_at is null or last_used_at < now() - interval '${LAST_USED_RESOLUTION}')`,
      [row.id],
    );
    return { keyId: row.id, userId: row.user_id, role: row.role, scopes: row.scopes };
  });
}
