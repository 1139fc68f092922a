// Folds the dashboard's rollup deltas (one row per change to a calculation, attempt or error,
// appended by triggers) into the hourly and daily rollups, on the maintenance schedule
// (QF_DASHBOARD_ROLLUP_CRON, default every 5 minutes). The panels add the deltas not yet folded in,
// so this only keeps them few; nothing is wrong while it has not run.
import 'server-only';
import { asService } from '../db/service.ts';

export const DASHBOARD_ROLLUP_SCHEDULE = process.env.QF_DASHBOARD_ROLLUP_CRON ?? '*/5 * * * *';

/** Returns how many deltas were folded in. */
export async function compactDashboardRollups(): Promise<number> {
  return asService(async (db) => {
    const { rows } = await db.query<{ n: string }>(`select public.dashboard_rollups_compact() as n`);
    return Number(rows[0]!.n);
  });
}
