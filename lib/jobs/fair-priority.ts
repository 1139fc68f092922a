// Fair scheduling between users with pg-boss's own priority (workers fetch by priority, highest
// first, then by age). A job's priority places it as if every user's queue were served in turn: the
// k-th new job of a user who already has n calculations queued or running goes n + k places behind
// the head of the queue. So a 20,000-item batch does not hold back another user's single
// calculation (which lands next to the head and starts when the next slot frees), two users'
// batches interleave one for one, and a user who submits later is placed by what is waiting now,
// not by what waited when the big batch came. Work-conserving: with one user alone every slot works
// for that user (a per-user concurrency cap would idle slots). The per-user cap on queued+running
// calculations (usage_limits) bounds how deep one user's queue can get.
import type { Queryable } from '../db/as-user.ts';

/** pg-boss keeps priority in an integer column. */
const LOWEST = -2_147_483_647;

/**
 * Priorities for new jobs of the given calculations (already inserted in this transaction), in the
 * same order. Runs as the queue owner (reads `pgboss.job` and every user's active count).
 */
export async function fairPriorities(db: Queryable, queue: string, calculationIds: readonly string[]): Promise<number[]> {
  if (calculationIds.length === 0) return [];
  const { rows } = await db.query<{ priority: string }>(
    `with head as (
       -- The next job a worker would take (job_i11 serves this ordering); 0 on an empty queue.
       select coalesce((select j.priority from pgboss.job j where j.name = $2 and j.state < 'active'
                         order by j.priority desc limit 1), 0) as priority
     ), mine as (
       select c.id, c.owner_id, u.ord,
              row_number() over (partition by c.owner_id order by u.ord) - 1 as k,
              count(*) over (partition by c.owner_id) as added
         from unnest($1::uuid[]) with ordinality as u(id, ord)
         join public.calculations c on c.id = u.id
     ), ahead as materialized (
       -- Calculations of the same user already waiting or running (the new ones are counted too: minus them).
       -- Counted once per owner: as a correlated subquery the planner ran the count once per new job
       -- (a 10,000-job batch counted 10,000 rows 10,000 times).
       select a.owner_id, count(*) as active from public.calculations a
        where a.owner_id in (select owner_id from mine) and a.status in ('queued', 'running')
        group by a.owner_id
     )
     select greatest($3::bigint, (select priority from head) - greatest(0, coalesce(a.active, 0) - m.added) - m.k) as priority
       from mine m left join ahead a using (owner_id)
      order by m.ord`,
    [calculationIds, queue, LOWEST],
  );
  if (rows.length !== calculationIds.length) throw new Error('a calculation to enqueue was not found');
  return rows.map((r) => Number(r.priority));
}
