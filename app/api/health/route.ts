// Liveness for anyone (up or down, nothing else), details for operators: an admin's session or the
// worker key gets the database latency, queue depth, workers and the xtb found.
import { can } from '@/lib/auth/permissions';
import { getCurrentUser } from '@/lib/auth/require-user';
import { hasWorkerKey } from '@/lib/auth/worker-key';
import { getPipelineHealth, pingDatabase, type PipelineHealth } from '@/lib/jobs/health';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

async function mayReadDetails(request: Request): Promise<boolean> {
  if (hasWorkerKey(request)) return true;
  const user = await getCurrentUser().catch(() => null);
  return user !== null && can(user, 'dashboard.view');
}

export async function GET(request: Request) {
  const database = await pingDatabase();
  // Degraded but up: a missing xtb or no worker is reported in the details, not as a failed probe.
  const ok = database.ok;
  const headers = { 'cache-control': 'no-store' };
  if (!(await mayReadDetails(request))) {
    return Response.json({ ok, status: ok ? 'up' : 'down' }, { status: ok ? 200 : 503, headers });
  }
  let pipeline: PipelineHealth | null = null;
  if (database.ok) pipeline = await getPipelineHealth().catch(() => null);
  return Response.json(
    {
      ok,
      status: ok ? 'up' : 'down',
      database,
      queue: pipeline?.queue ?? null,
      workers: pipeline?.workers ?? null,
      xtb: pipeline?.xtb ?? null,
      time: new Date().toISOString(),
    },
    { status: ok ? 200 : 503, headers },
  );
}
