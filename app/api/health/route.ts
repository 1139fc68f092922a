import { getPool } from '@/lib/db/pool';

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
  const ok = database.ok;
  return Response.json({ ok, database, time: new Date().toISOString() }, { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
