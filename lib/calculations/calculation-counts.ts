// Calculations counted by status: for the admin dashboard (under the admin's RLS) and for health
// (the queue as the calculations themselves record it).
import 'server-only';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import type { Queryable } from '../db/transaction.ts';
import type { CalculationStatus } from './statuses.ts';

export interface StatusCount {
  status: CalculationStatus;
  count: number;
}

export async function countCalculationsByStatus(claims: JwtClaims): Promise<StatusCount[]> {
  return asUser(claims, async (db) => {
    const { rows } = await db.query<StatusCount>('select status, count(*)::int as count from public.calculations group by status order by status');
    return rows;
  });
}

/** Queued and running calculations, whoever owns them (the caller's connection must see all rows). */
export async function countActiveCalculations(db: Queryable): Promise<{ queued: number; running: number }> {
  const { rows } = await db.query<StatusCount>(
    `select status, count(*)::int as count from public.calculations where status in ('queued', 'running') group by status`,
  );
  const by = Object.fromEntries(rows.map((r) => [r.status, r.count]));
  return { queued: by.queued ?? 0, running: by.running ?? 0 };
}
