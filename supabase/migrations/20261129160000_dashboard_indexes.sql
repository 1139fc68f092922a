-- Indexes for the admin dashboard's panel queries, each of which scans one time range.
-- B-tree where rows are updated after insert (calculations move on the heap as their status
-- changes, so their physical order says little about finished_at); BRIN where tables are
-- append-only and rows land in time order (errors), which keeps those indexes a few
-- pages big however many rows there are.

-- Throughput and success rate: finished calculations in a range, by status (index-only scans).
create index calculations_finished_idx on public.calculations (finished_at) include (status)
  where finished_at is not null;

-- Per-user usage: calculations created in a range, grouped by owner.
create index calculations_created_idx on public.calculations (created_at) include (owner_id, status);

-- Runtime percentiles and CPU time: attempts in a range with their times, without the heap.
drop index if exists public.calculation_execution_metrics_created_idx;
create index calculation_execution_metrics_created_idx on public.calculation_execution_metrics (created_at)
  include (calculation_id, wall_time_s, cpu_time_s);

-- Failures over time: append-only, written in time order.
create index calculation_errors_created_brin on public.calculation_errors using brin (created_at);

