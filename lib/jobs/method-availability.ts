// Which xtb methods may be submitted: those the installed xtb passes its start-up self-check for
// (Debian's 6.5.1 fails GFN0). The web process checks its own xtb once; without one (workers on
// other machines) it trusts the methods that workers with fresh heartbeats report.
import { getPool } from '../db/pool.ts';
import { getXtbSelfCheck } from '../xtb/self-check.ts';
import type { Method } from '../calculations/parameters.ts';

export interface MethodAvailability {
  /** null: nothing known yet (no local xtb, no live worker); submissions are accepted and wait. */
  available: ReadonlySet<Method> | null;
  reasons: Partial<Record<Method, string>>;
  source: 'local-self-check' | 'workers' | 'unknown';
}

export const FRESH_WORKER_SECONDS = 90;

export async function getMethodAvailability(): Promise<MethodAvailability> {
  const check = await getXtbSelfCheck();
  if (check.found) {
    const reasons: Partial<Record<Method, string>> = {};
    for (const m of check.methods) if (!m.available && m.reason) reasons[m.method] = m.reason;
    return { available: new Set(check.availableMethods), reasons, source: 'local-self-check' };
  }
  const { rows } = await getPool().query<{ methods: Method[] }>(
    `select coalesce(array_agg(distinct m), '{}') as methods
       from public.workers w, unnest(w.methods_available) m
      where w.status = 'running' and w.last_seen_at > now() - make_interval(secs => $1)`,
    [FRESH_WORKER_SECONDS],
  );
  const methods = rows[0]?.methods ?? [];
  if (methods.length === 0) return { available: null, reasons: {}, source: 'unknown' };
  return { available: new Set(methods), reasons: {}, source: 'workers' };
}
