// The worker key: what machines (a cron, a serverless trigger, a monitoring probe) present to
// `POST /api/jobs/run` and `GET /api/health`, as `x-qf-worker-key: <key>` or `authorization:
// Bearer <key>`. QF_WORKER_KEY when set, else the secret key. Compared in constant time.
import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';

function presentedKey(request: Request): string | null {
  const header = request.headers.get('x-qf-worker-key');
  if (header) return header;
  const auth = request.headers.get('authorization');
  return auth?.startsWith('Bearer ') ? auth.slice(7) : null;
}

export function hasWorkerKey(request: Request): boolean {
  const expected = process.env.QF_WORKER_KEY || process.env.SUPABASE_SECRET_KEY;
  const presented = presentedKey(request);
  if (!presented || !expected) return false;
  // Hashes first: equal lengths, so neither the content nor the length of the key shows in the time.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
