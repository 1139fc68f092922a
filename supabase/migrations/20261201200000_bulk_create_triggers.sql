-- Creating a 10,000-calculation batch spent most of its time in per-row work that a statement can
-- do once:
-- * the dashboard's "created"/"finished" deltas of inserted calculations: one row-level trigger call
--   and one delta row per calculation became one statement-level trigger that appends one delta per
--   (time, owner, status) group (a batch's rows share their time: one delta). Sums are unchanged;
--   updates and deletes keep their row-level triggers.
-- * the job ids: the bulk enqueue updated every new calculation again to record its pg-boss job id,
--   which re-ran the row's foreign-key checks (the row is new in this transaction) and rewrote every
--   index entry. The bulk path now gives each job its calculation's id and asks for it, for this
--   transaction only, with the setting qf.job_id_is_calculation_id, so the insert itself records it.
--   Users still cannot write job_id (column grant); the trigger can only copy the row's own id.

create function public.dashboard_calculations_inserted() returns trigger
  language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.dashboard_rollup_deltas (kind, at, dim, label, n)
  select 'created', created_at, owner_id::text, status, count(*) from inserted group by created_at, owner_id, status
  union all
  select 'finished', finished_at, status, '', count(*) from inserted where finished_at is not null group by finished_at, status;
  return null;
end;
$$;
revoke execute on function public.dashboard_calculations_inserted() from public, anon, authenticated;

drop trigger dashboard_calculations_insert on public.calculations;
create trigger dashboard_calculations_insert after insert on public.calculations
  referencing new table as inserted
  for each statement execute function public.dashboard_calculations_inserted();

create function public.calculation_job_id_from_id() returns trigger
  language plpgsql set search_path = ''
as $$
begin
  new.job_id := new.id::text;
  return new;
end;
$$;
revoke execute on function public.calculation_job_id_from_id() from public, anon, authenticated;

create trigger calculations_job_id_from_id before insert on public.calculations
  for each row when (new.job_id is null and current_setting('qf.job_id_is_calculation_id', true) = 'on')
  execute function public.calculation_job_id_from_id();
