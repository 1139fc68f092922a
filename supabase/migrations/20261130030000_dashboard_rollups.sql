-- Rollups for the admin dashboard's heavy panels (throughput, success rate, runtime, failures, usage),
-- so a month over a million calculations reads a few thousand rows instead of every calculation
-- and attempt in the range.
--
-- * dashboard_events: the raw rows as one stream of events (kind, time, dimensions, count, sums).
--   The panels read it directly only for the partial hours at the edges of a range.
-- * dashboard_rollup_deltas: every change to a calculation, attempt or error appends its signed
--   event here, in the same transaction (triggers). Append-only: writers never wait on one another
--   for a hot counter row, and a deleted or re-statused row is a negative event.
-- * dashboard_rollups: the deltas folded into hourly and daily buckets by dashboard_rollups_compact()
--   (the maintenance schedule; the panels add the deltas not yet folded in, so it is exact at any time).
--
-- A panel over [from, to) reads: raw events for [from, next hour) and [last hour, to); hourly rows
-- and deltas for the whole hours between; daily rows for the whole days inside those (when it does
-- not plot by hour). All buckets are UTC.
--
-- Kinds and their columns:
--   finished  at finished_at        dim status                      n
--   created   at created_at         dim owner id, label status      n
--   attempt   at metrics.created_at dim owner id                    n, s1 cpu s, s2 wall s
--   runtime   at metrics.created_at dim method, bin1 wall-time bin (1/8 doubling), bin2 atom-count
--                                   bin (1/4 doubling; -1: unknown)  n, s1 wall s, s2 atoms
--   error     at errors.created_at  dim error type, label message (first 300 characters)  n
-- Runtime bins are 1/8 of a doubling (about 9 % wide); the panel takes each bin's mean, so the
-- percentiles are exact when a bin holds equal times and within a bin's width otherwise. The
-- scatter draws one point per (atoms bin, half-doubling time bin) cell at its mean, merging the fine
-- time bins four at a time, so one kind (and one read of the raw edges) serves both.

-- Logarithmic bins, per_doubling of them per doubling; values under 0.001 share the lowest bin.
create function public.dashboard_log_bin(x double precision, per_doubling integer) returns integer
  language sql immutable strict parallel safe set search_path = ''
  as $$ select floor(ln(greatest(x, 0.001)) * per_doubling / ln(2))::integer $$;

-- The atom count as the runtime panel has always taken it: the molecule's, else the XYZ's first line.
create function public.dashboard_atoms(atom_count integer, input_xyz text) returns integer
  language sql immutable parallel safe set search_path = ''
  as $$ select coalesce(atom_count, case when split_part(input_xyz, E'\n', 1) ~ '^\s*[0-9]{1,5}\s*$'
                                         then btrim(split_part(input_xyz, E'\n', 1))::integer end) $$;

create table public.dashboard_rollups (
  grain text not null check (grain in ('hour', 'day')),
  kind text not null check (kind in ('finished', 'created', 'attempt', 'runtime', 'error')),
  bucket timestamptz not null,
  dim text not null default '',
  label text not null default '',
  bin1 integer not null default 0,
  bin2 integer not null default 0,
  n bigint not null default 0,
  s1 double precision not null default 0,
  s2 double precision not null default 0,
  primary key (grain, kind, bucket, dim, label, bin1, bin2)
);

create table public.dashboard_rollup_deltas (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('finished', 'created', 'attempt', 'runtime', 'error')),
  at timestamptz not null,
  dim text not null default '',
  label text not null default '',
  bin1 integer not null default 0,
  bin2 integer not null default 0,
  n integer not null,
  s1 double precision not null default 0,
  s2 double precision not null default 0
);
create index dashboard_rollup_deltas_kind_at_idx on public.dashboard_rollup_deltas (kind, at);

-- The raw rows as events (security_invoker: whoever reads it reads the tables under their own RLS).
-- Every branch has the same column types, so a panel's time condition reaches each table's index.
create view public.dashboard_events with (security_invoker = true) as
  select 'finished'::text as kind, c.finished_at as at, c.status as dim, ''::text as label, 0 as bin1, 0 as bin2,
         1 as n, 0::float8 as s1, 0::float8 as s2
    from public.calculations c where c.finished_at is not null
  union all
  select 'created', c.created_at, c.owner_id::text, c.status, 0, 0, 1, 0::float8, 0::float8
    from public.calculations c
  union all
  select 'attempt', e.created_at, c.owner_id::text, '', 0, 0, 1, coalesce(e.cpu_time_s, 0), coalesce(e.wall_time_s, 0)
    from public.calculation_execution_metrics e join public.calculations c on c.id = e.calculation_id
  union all
  select 'runtime', e.created_at, c.method, '', public.dashboard_log_bin(e.wall_time_s, 8), coalesce(public.dashboard_log_bin(a.atoms, 4), -1),
         1, e.wall_time_s, coalesce(a.atoms, 0)::float8
    from public.calculation_execution_metrics e join public.calculations c on c.id = e.calculation_id
    left join public.molecules m on m.id = c.molecule_id
   cross join lateral (select public.dashboard_atoms(m.atom_count, c.input_xyz) as atoms) a
   where e.wall_time_s is not null
  union all
  select 'error', r.created_at, r.error_type, left(r.message, 300), 0, 0, 1, 0::float8, 0::float8
    from public.calculation_errors r;

-- One attempt's events (attempt: per owner; runtime: per method and bins), with a sign; the
-- calculation gives owner, method and atom count.
create function public.dashboard_attempt_deltas(p_calculation uuid, p_at timestamptz, p_wall double precision, p_cpu double precision, p_sign integer)
  returns void language sql security definer set search_path = ''
as $$
  insert into public.dashboard_rollup_deltas (kind, at, dim, bin1, bin2, n, s1, s2)
  -- `+ 0` turns a negated zero (-0) into +0: a dump's JSON round trip would write -0 back as 0.
  select v.kind, p_at, v.dim, v.bin1, v.bin2, p_sign, p_sign * v.s1 + 0, p_sign * v.s2 + 0
    from public.calculations c
    left join public.molecules m on m.id = c.molecule_id
   cross join lateral (select public.dashboard_atoms(m.atom_count, c.input_xyz) as atoms) a
   cross join lateral (values ('attempt', c.owner_id::text, 0, 0, coalesce(p_cpu, 0), coalesce(p_wall, 0)),
                              ('runtime', c.method, public.dashboard_log_bin(p_wall, 8), coalesce(public.dashboard_log_bin(a.atoms, 4), -1),
                               p_wall, coalesce(a.atoms, 0)::double precision)) v(kind, dim, bin1, bin2, s1, s2)
   where c.id = p_calculation and (v.kind = 'attempt' or p_wall is not null)
$$;

-- A calculation's created and finished events; before it is deleted, also its attempts' (the cascade
-- then removes them, and their own trigger no longer finds the calculation, so it skips them).
create function public.dashboard_calculation_events() returns trigger
  language plpgsql security definer set search_path = ''
as $$
declare
  created_changed boolean := tg_op <> 'UPDATE' or (old.status, old.owner_id, old.created_at) is distinct from (new.status, new.owner_id, new.created_at);
  finished_changed boolean := tg_op <> 'UPDATE' or (old.status, old.finished_at) is distinct from (new.status, new.finished_at);
begin
  if tg_op <> 'INSERT' then
    if created_changed then
      insert into public.dashboard_rollup_deltas (kind, at, dim, label, n) values ('created', old.created_at, old.owner_id::text, old.status, -1);
    end if;
    if finished_changed and old.finished_at is not null then
      insert into public.dashboard_rollup_deltas (kind, at, dim, n) values ('finished', old.finished_at, old.status, -1);
    end if;
  end if;
  if tg_op <> 'DELETE' then
    if created_changed then
      insert into public.dashboard_rollup_deltas (kind, at, dim, label, n) values ('created', new.created_at, new.owner_id::text, new.status, 1);
    end if;
    if finished_changed and new.finished_at is not null then
      insert into public.dashboard_rollup_deltas (kind, at, dim, n) values ('finished', new.finished_at, new.status, 1);
    end if;
    return null;
  end if;
  perform public.dashboard_attempt_deltas(old.id, e.created_at, e.wall_time_s, e.cpu_time_s, -1)
     from public.calculation_execution_metrics e where e.calculation_id = old.id;
  return old;
end;
$$;

create trigger dashboard_calculations_insert after insert on public.calculations
  for each row execute function public.dashboard_calculation_events();
create trigger dashboard_calculations_update after update of status, owner_id, created_at, finished_at on public.calculations
  for each row when ((old.status, old.owner_id, old.created_at, old.finished_at) is distinct from (new.status, new.owner_id, new.created_at, new.finished_at))
  execute function public.dashboard_calculation_events();
create trigger dashboard_calculations_delete before delete on public.calculations
  for each row execute function public.dashboard_calculation_events();

create function public.dashboard_attempt_events() returns trigger
  language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op <> 'INSERT' then
    perform public.dashboard_attempt_deltas(old.calculation_id, old.created_at, old.wall_time_s, old.cpu_time_s, -1);
  end if;
  if tg_op <> 'DELETE' then
    perform public.dashboard_attempt_deltas(new.calculation_id, new.created_at, new.wall_time_s, new.cpu_time_s, 1);
  end if;
  return null;
end;
$$;

create trigger dashboard_attempts_insert_delete after insert or delete on public.calculation_execution_metrics
  for each row execute function public.dashboard_attempt_events();
create trigger dashboard_attempts_update after update of calculation_id, created_at, wall_time_s, cpu_time_s on public.calculation_execution_metrics
  for each row when ((old.calculation_id, old.created_at, old.wall_time_s, old.cpu_time_s) is distinct from (new.calculation_id, new.created_at, new.wall_time_s, new.cpu_time_s))
  execute function public.dashboard_attempt_events();

create function public.dashboard_error_events() returns trigger
  language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op <> 'INSERT' then
    insert into public.dashboard_rollup_deltas (kind, at, dim, label, n) values ('error', old.created_at, old.error_type, left(old.message, 300), -1);
  end if;
  if tg_op <> 'DELETE' then
    insert into public.dashboard_rollup_deltas (kind, at, dim, label, n) values ('error', new.created_at, new.error_type, left(new.message, 300), 1);
  end if;
  return null;
end;
$$;

create trigger dashboard_errors_insert_delete after insert or delete on public.calculation_errors
  for each row execute function public.dashboard_error_events();
create trigger dashboard_errors_update after update of created_at, error_type, message on public.calculation_errors
  for each row when ((old.created_at, old.error_type, old.message) is distinct from (new.created_at, new.error_type, new.message))
  execute function public.dashboard_error_events();

-- Folds the deltas into the hourly and daily rows; one statement, so a reader sees a delta either
-- still in the deltas or already in the rollups, never both. Returns how many deltas it folded.
create function public.dashboard_rollups_compact() returns bigint
  language sql security definer set search_path = ''
as $$
  with moved as (delete from public.dashboard_rollup_deltas returning *),
  hourly as (
    insert into public.dashboard_rollups as r (grain, kind, bucket, dim, label, bin1, bin2, n, s1, s2)
    select 'hour', kind, date_trunc('hour', at, 'UTC'), dim, label, bin1, bin2, sum(n), sum(s1), sum(s2)
      from moved group by 2, 3, 4, 5, 6, 7
    on conflict (grain, kind, bucket, dim, label, bin1, bin2)
      do update set n = r.n + excluded.n, s1 = r.s1 + excluded.s1, s2 = r.s2 + excluded.s2),
  daily as (
    insert into public.dashboard_rollups as r (grain, kind, bucket, dim, label, bin1, bin2, n, s1, s2)
    select 'day', kind, date_trunc('day', at, 'UTC'), dim, label, bin1, bin2, sum(n), sum(s1), sum(s2)
      from moved group by 2, 3, 4, 5, 6, 7
    on conflict (grain, kind, bucket, dim, label, bin1, bin2)
      do update set n = r.n + excluded.n, s1 = r.s1 + excluded.s1, s2 = r.s2 + excluded.s2)
  select count(*) from moved
$$;

-- Recomputes every rollup from the raw rows (this migration, and a bulk load that skipped the
-- triggers, such as npm run seed:scale). Holds off writers to the three tables while it runs; rows
-- go in (kind, bucket) order, so a panel's range is a few adjacent pages.
create function public.dashboard_rollups_rebuild() returns void
  language plpgsql security definer set search_path = ''
as $$
begin
  lock table public.calculations, public.calculation_execution_metrics, public.calculation_errors in share mode;
  delete from public.dashboard_rollup_deltas;
  delete from public.dashboard_rollups;
  insert into public.dashboard_rollups (grain, kind, bucket, dim, label, bin1, bin2, n, s1, s2)
  select 'hour', kind, date_trunc('hour', at, 'UTC'), dim, label, bin1, bin2, sum(n), sum(s1), sum(s2)
    from public.dashboard_events group by 2, 3, 4, 5, 6, 7 order by 2, 3;
  insert into public.dashboard_rollups (grain, kind, bucket, dim, label, bin1, bin2, n, s1, s2)
  select 'day', kind, date_trunc('day', bucket, 'UTC'), dim, label, bin1, bin2, sum(n), sum(s1), sum(s2)
    from public.dashboard_rollups where grain = 'hour' group by 2, 3, 4, 5, 6, 7 order by 2, 3;
end;
$$;

revoke execute on function public.dashboard_attempt_deltas(uuid, timestamptz, double precision, double precision, integer),
  public.dashboard_rollups_compact(), public.dashboard_rollups_rebuild() from public, anon, authenticated;
grant execute on function public.dashboard_rollups_compact(), public.dashboard_rollups_rebuild() to service_role;

-- Read by admins (the panels run as the service role after the dashboard.view check; the tests read
-- them as the admin too); written only by the triggers and functions above.
alter table public.dashboard_rollups enable row level security;
create policy "dashboard rollups: admins read" on public.dashboard_rollups
  for select to authenticated using ((select public.is_admin()));
alter table public.dashboard_rollup_deltas enable row level security;
create policy "dashboard rollup deltas: admins read" on public.dashboard_rollup_deltas
  for select to authenticated using ((select public.is_admin()));
revoke all on table public.dashboard_rollups, public.dashboard_rollup_deltas, public.dashboard_events from anon, authenticated;
grant select on table public.dashboard_rollups, public.dashboard_rollup_deltas, public.dashboard_events to authenticated, service_role;

select public.dashboard_rollups_rebuild();
