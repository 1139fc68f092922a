import { getPool } from '@/lib/db/pool';
import { getPipelineHealth, type PipelineHealth } from '@/lib/jobs/health';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET() {
  const started = performance.now();
  let database: { ok: boolean; latencyMs?: number; error?: string };
  try {
    await getPool().query('select 1');
    database = { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch {
    database = { ok: false, error: 'database not reachable' };
  }
  let pipeline: PipelineHealth | null = null;
  if (database.ok) pipeline = await getPipelineHealth().catch(() => null);
  // Degraded but up: a missing xtb or no worker is reported in the body, not as a failed probe.
  const ok = database.ok;
  return Response.json(
    {
      ok,
      database,
      queue: pipeline?.queue ?? null,
      workers: pipeline?.workers ?? null,
      xtb: pipeline?.xtb ?? null,
      time: new Date().toISOString(),
    },
    { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
