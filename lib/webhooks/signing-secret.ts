// The per-user signing secret: made by the server, shown to its owner once (on creation or
// rotation), stored encrypted (the receiver verifies with it, so a hash would not do). Users cannot
// write the table; these functions act for the user whose verified id they are given.
import 'server-only';
import { asService } from '../db/service.ts';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import { decryptSecret, encryptSecret } from '../crypto/secret-box.ts';
import { generateSigningSecret } from './signature.ts';

function secretAad(userId: string): string {
  return `webhook_signing_secrets.secret:${userId}`;
}

/** Makes a new secret (replacing the old one at once) and returns it in clear, for showing once. */
export async function rotateSigningSecret(userId: string): Promise<{ secret: string; createdAt: string }> {
  const secret = generateSigningSecret();
  const createdAt = await asService(async (db) => {
    const { rows } = await db.query<{ created_at: Date }>(
      `insert into public.webhook_signing_secrets (user_id, secret_ciphertext) values ($1, $2)
       on conflict (user_id) do update set secret_ciphertext = excluded.secret_ciphertext, created_at = now()
       returning created_at`,
      [userId, encryptSecret(secret, secretAad(userId))],
    );
    return rows[0]!.created_at;
  });
  return { secret, createdAt: createdAt.toISOString() };
}

/** When the caller's secret was made (null: none yet), read under their RLS. */
export async function signingSecretCreatedAt(claims: JwtClaims): Promise<string | null> {
  return asUser(claims, async (db) => {
    const { rows } = await db.query<{ created_at: Date }>('select created_at from public.webhook_signing_secrets where user_id = (select auth.uid())');
    return rows[0]?.created_at.toISOString() ?? null;
  });
}

/**
 * The secret deliveries are signed with. A user who never made one gets one now (every delivery is
 * signed); they see it by rotating in settings.
 */
export async function signingSecretFor(userId: string): Promise<string> {
  return asService(async (db) => {
    const existing = await db.query<{ secret_ciphertext: string }>('select secret_ciphertext from public.webhook_signing_secrets where user_id = $1', [userId]);
    if (existing.rows[0]) return decryptSecret(existing.rows[0].secret_ciphertext, secretAad(userId));
    const secret = generateSigningSecret();
    await db.query('insert into public.webhook_signing_secrets (user_id, secret_ciphertext) values ($1, $2) on conflict (user_id) do nothing', [
      userId,
      encryptSecret(secret, secretAad(userId)),
    ]);
    const stored = await db.query<{ secret_ciphertext: string }>('select secret_ciphertext from public.webhook_signing_secrets where user_id = $1', [userId]);
    return decryptSecret(stored.rows[0]!.secret_ciphertext, secretAad(userId));
  });
}
