// Runs queued calculations in this process until the queue is empty or the time budget is spent,
// and sends the webhook deliveries that are due (those calculations' events included): the trigger
// for serverless hosts (a cron calls it). Only the worker key may start it (users'
// submissions wake the workers themselves), and one drain at a time per process: a second call
// while one runs is answered 409, so calls cannot pile up xtb processes beside the web server.
import { hasWorkerKey } from '@/lib/auth/worker-key';
import { problemFromError, problemResponse } from '@/lib/http/problem';
import { drainQueue } from '@/lib/jobs/worker';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const maxDuration = 60;

const state = globalThis as unknown as { __qfDrainRunning?: boolean };

export async function POST(request: Request) {
  if (!hasWorkerKey(request)) {
    return problemResponse({ status: 401, code: 'UNAUTHENTICATED', detail: 'Running the queue needs the worker key.' });
  }
  if (state.__qfDrainRunning) {
    return problemResponse({
      status: 409,
      code: 'CONFLICT',
      detail: 'The queue is already being run by this server; try again when it finishes.',
      retryAfterSeconds: 5,
    });
  }
  // Set before the first await, so two calls that arrive together cannot both pass the check.
  state.__qfDrainRunning = true;
  try {
    const params = new URL(request.url).searchParams;
    const budgetMs = Math.min(55_000, Math.max(1_000, Number(params.get('budgetMs')) || 50_000));
    // Optional cap on the number of jobs this call takes (0: start and stop, a wiring check).
    const maxJobsParam = params.get('maxJobs');
    const maxJobs = maxJobsParam !== null && /^\d{1,6}$/.test(maxJobsParam) ? Number(maxJobsParam) : undefined;
    const { processed, workerId, webhookAttempts } = await drainQueue({ deadlineMs: budgetMs, maxJobs });
    return Response.json({ ok: true, processed, webhookAttempts, workerId }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return problemFromError(error, 'queue drain');
  } finally {
    state.__qfDrainRunning = false;
  }
}
