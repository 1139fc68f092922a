// Statistics of a batch's results, computed in PostgreSQL under the user's RLS so the page gets
// bins, not rows: histograms of total energy, HOMO–LUMO gap and dipole per method (energies of
// different methods are on different scales and never pooled), runtime against atom count (a
// sample of points), and failures by error type with the most common messages. Values are in the
// stored units (Eh, eV, D); the page converts to the user's.
import 'server-only';
import { asUser, type JwtClaims, type Queryable } from '../db/as-user.ts';

export const HISTOGRAM_BINS = 20;
const SCATTER_POINTS = 2_000;

export type Histogram = { method: string; count: number; bins: { from: number; to: number; count: number }[] };
export type BatchStatistics = {
  totalEnergy: Histogram[];
  gap: Histogram[];
  dipole: Histogram[];
  runtime: { atoms: number; seconds: number; method: string }[];
  failures: { errorType: string; count: number; messages: { message: string; count: number }[] }[];
};

const HISTOGRAM_COLUMNS = { totalEnergy: 'total_energy', gap: 'gap', dipole: 'dipole_moment' } as const;

async function histograms(db: Queryable, batchId: string, column: (typeof HISTOGRAM_COLUMNS)[keyof typeof HISTOGRAM_COLUMNS]): Promise<Histogram[]> {
  const { rows } = await db.query<{ method: string; lo: number; hi: number; bin: number; count: number }>(
    `with v as (select method, ${column} as x from public.calculations
                 where batch_id = $1 and status = 'succeeded' and ${column} is not null),
          r as (select method, min(x) as lo, max(x) as hi from v group by method)
     select v.method, r.lo, r.hi,
            case when r.hi = r.lo then 1 else least(width_bucket(v.x, r.lo, r.hi, $2), $2) end as bin, count(*)::int as count
       from v join r using (method) group by 1, 2, 3, 4 order by 1, 4`,
    [batchId, HISTOGRAM_BINS],
  );
  const byMethod = new Map<string, Histogram>();
  for (const row of rows) {
    let h = byMethod.get(row.method);
    if (!h) {
      const bins = row.hi === row.lo ? 1 : HISTOGRAM_BINS;
      const width = (row.hi - row.lo) / bins;
      h = {
        method: row.method,
        count: 0,
        bins: Array.from({ length: bins }, (_, i) => ({ from: row.lo + i * width, to: i === bins - 1 ? row.hi : row.lo + (i + 1) * width, count: 0 })),
      };
      byMethod.set(row.method, h);
    }
    h.bins[row.bin - 1]!.count += row.count;
    h.count += row.count;
  }
  return [...byMethod.values()];
}

export async function getBatchStatistics(claims: JwtClaims, batchId: string): Promise<BatchStatistics> {
  return asUser(claims, async (db) => {
    const totalEnergy = await histograms(db, batchId, HISTOGRAM_COLUMNS.totalEnergy);
    const gap = await histograms(db, batchId, HISTOGRAM_COLUMNS.gap);
    const dipole = await histograms(db, batchId, HISTOGRAM_COLUMNS.dipole);
    const { rows: runtime } = await db.query<{ atoms: number; seconds: number; method: string }>(
      `select m.atom_count as atoms, w.wall_time_s as seconds, c.method
         from public.calculations c
         join public.molecules m on m.id = c.molecule_id
         join lateral (select e.wall_time_s from public.calculation_execution_metrics e
                        where e.calculation_id = c.id and e.wall_time_s is not null order by e.attempt desc limit 1) w on true
        where c.batch_id = $1 and c.status = 'succeeded' and m.atom_count is not null
        order by md5(c.id::text) limit $2`,
      [batchId, SCATTER_POINTS],
    );
    const { rows: failureRows } = await db.query<{ error_type: string; message: string; count: number; total: number }>(
      `with f as (select coalesce(error_type, 'unknown') as error_type, coalesce(error_message, '(no message)') as message
                    from public.batch_items where batch_id = $1 and status in ('failed', 'invalid')),
            g as (select error_type, message, count(*)::int as count,
                         sum(count(*)) over (partition by error_type)::int as total,
                         row_number() over (partition by error_type order by count(*) desc, message) as rank
                    from f group by 1, 2)
       select error_type, left(message, 300) as message, count, total from g where rank <= 5 order by total desc, error_type, count desc`,
      [batchId],
    );
    const failures: BatchStatistics['failures'] = [];
    for (const row of failureRows) {
      let entry = failures.find((f) => f.errorType === row.error_type);
      if (!entry) failures.push((entry = { errorType: row.error_type, count: row.total, messages: [] }));
      entry.messages.push({ message: row.message, count: row.count });
    }
    return { totalEnergy, gap, dipole, runtime, failures };
  });
}
