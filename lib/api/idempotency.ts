// Idempotency-Key on POSTs: the first request with a key claims it (a row with no response yet),
// runs, and stores its status and body; a retry with the same key by the same user gets that stored
// response back and creates nothing. A retry while the first is still running is a 409; the same key
// on another operation is a 422. Keys expire after 24 hours (see the migration).
import 'server-only';
import { asService } from '../db/service.ts';
import { UserError } from '../errors/user-error.ts';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export interface StoredResponse {
  status: number;
  body: string;
}

export function readIdempotencyKey(request: Request): string | null {
  const key = request.headers.get('idempotency-key');
  if (key === null) return null;
  if (!KEY_PATTERN.test(key.trim())) {
    throw new UserError('INVALID_INPUT', 'The Idempotency-Key header must be 1 to 200 visible ASCII characters.', {
      'Idempotency-Key': ['Use 1 to 200 visible ASCII characters, for example a UUID.'],
    });
  }
  return key.trim();
}

/** Claims the key, or returns the response stored for it. */
export async function claimIdempotencyKey(userId: string, key: string, method: string, path: string): Promise<StoredResponse | 'claimed'> {
  return asService(async (db) => {
    await db.query(`delete from public.api_idempotency_keys where user_id = $1 and key = $2 and expires_at <= now()`, [userId, key]);
    const inserted = await db.query(
      `insert into public.api_idempotency_keys (user_id, key, request_method, request_path) values ($1, $2, $3, $4)
       on conflict (user_id, key) do nothing`,
      [userId, key, method, path],
    );
    if ((inserted.rowCount ?? 0) > 0) return 'claimed';
    const { rows } = await db.query<{ request_method: string; request_path: string; status_code: number | null; response_body: string | null }>(
      `select request_method, request_path, status_code, response_body from public.api_idempotency_keys where user_id = $1 and key = $2`,
      [userId, key],
    );
    const row = rows[0]!;
    if (row.request_method !== method || row.request_path !== path) {
      throw new UserError('INVALID_INPUT', 'This Idempotency-Key was already used for another request. Use a new key for each operation.', {
        'Idempotency-Key': ['Already used for another request.'],
      });
    }
    if (row.status_code === null) throw new UserError('CONFLICT', 'The first request with this Idempotency-Key is still being processed. Try again shortly.');
    return { status: row.status_code, body: row.response_body ?? '' };
  });
}

/** Stores the response; a server error or a rate limit releases the key so the retry runs again. */
export async function completeIdempotencyKey(userId: string, key: string, response: StoredResponse): Promise<void> {
  await asService(async (db) => {
    if (response.status >= 500 || response.status === 429) {
      await db.query(`delete from public.api_idempotency_keys where user_id = $1 and key = $2`, [userId, key]);
    } else {
      await db.query(`update public.api_idempotency_keys set status_code = $3, response_body = $4 where user_id = $1 and key = $2`, [
        userId,
        key,
        response.status,
        response.body,
      ]);
    }
  });
}
