// Runs queued calculations in this process until the queue is empty or the time budget is spent:
// the trigger for serverless hosts (a cron or the submitting page calls it) and an immediate
// wake-up elsewhere. Never open: the caller presents the secret key (header `x-qf-worker-key` or
// `authorization: Bearer`) or is a signed-in researcher/admin.
import { timingSafeEqual } from 'node:crypto';
import { getCurrentUser } from '@/lib/auth/require-user';
import { drainQueue } from '@/lib/jobs/worker';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const maxDuration = 60;

function presentedKey(request: Request): string | null {
  const header = request.headers.get('x-qf-worker-key');
  if (header) return header;
  const auth = request.headers.get('authorization');
  return auth?.startsWith('Bearer ') ? auth.slice(7) : null;
}

function keyMatches(presented: string | null): boolean {
  const expected = process.env.QF_WORKER_KEY || process.env.SUPABASE_SECRET_KEY;
  if (!presented || !expected) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function POST(request: Request) {
  if (!keyMatches(presentedKey(request))) {
    const user = await getCurrentUser().catch(() => null);
    if (!user) return Response.json({ ok: false, message: 'sign in or present the worker key' }, { status: 401 });
    if (user.role === 'viewer') return Response.json({ ok: false, message: 'not allowed' }, { status: 403 });
  }
  const budgetMs = Math.min(55_000, Math.max(1_000, Number(new URL(request.url).searchParams.get('budgetMs')) || 50_000));
  const { processed, workerId } = await drainQueue({ deadlineMs: budgetMs });
  return Response.json({ ok: true, processed, workerId }, { headers: { 'cache-control': 'no-store' } });
}
