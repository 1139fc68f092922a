-- While a calculation runs: the worker records the optimisation's latest cycle (from xtb's growing
-- xtbopt.log, at most every 2 s) so the result page can show it. Written by the worker (service
-- role) only: authenticated gets no insert/update grant on it (see supabase/tests/column-grants).
--   {"attempt": 1, "step": 7, "energy_eh": -42.15, "gradient_norm": 0.0012}
alter table public.calculations
  add column progress jsonb
    check (progress is null or (jsonb_typeof(progress) = 'object' and octet_length(progress::text) <= 1024));

-- How many queued calculations (anyone's) were submitted before a point in the queue: the queue
-- position the result page shows. Security definer because row-level security hides other users'
-- rows; it takes no row and returns a count only (calculations_status_idx serves it). Callers pass
-- the (queued_at, id) of a row they can read (lib/calculations/calculation-statuses.ts, under RLS).
create or replace function public.queued_before(queued timestamptz, calc_id uuid) returns integer
  language sql stable security definer set search_path = ''
as $$
  select count(*)::integer from public.calculations q
   where q.status = 'queued' and (q.queued_at, q.id) < (queued, calc_id);
$$;
revoke execute on function public.queued_before(timestamptz, uuid) from public, anon;
grant execute on function public.queued_before(timestamptz, uuid) to authenticated, service_role;
