-- Members of a batch with their own status and error, and the batch counters as a view over them.

create table public.batch_items (
  id uuid primary key default gen_random_uuid(),
  batch_id uuid not null references public.batch_jobs (id) on delete cascade,
  position integer not null check (position >= 0),
  molecule_id uuid references public.molecules (id) on delete set null,
  calculation_id uuid references public.calculations (id) on delete set null,
  input_name text check (input_name is null or char_length(input_name) <= 200),
  input_text text check (input_text is null or char_length(input_text) <= 100000),
  status text not null default 'pending'
    check (status in ('pending', 'invalid', 'queued', 'running', 'succeeded', 'failed', 'cancelled')),
  error_type text check (error_type in ('validation', 'timeout', 'convergence', 'system', 'cancelled', 'unknown')),
  error_message text check (error_message is null or char_length(error_message) <= 10000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (batch_id, position)
);
create index batch_items_batch_status_idx on public.batch_items (batch_id, status);
create index batch_items_molecule_idx on public.batch_items (molecule_id) where molecule_id is not null;
create index batch_items_calculation_idx on public.batch_items (calculation_id) where calculation_id is not null;

create trigger batch_items_set_updated_at before update on public.batch_items
  for each row execute function public.set_updated_at();

alter table public.batch_items enable row level security;

revoke all on table public.batch_items from anon, authenticated;
grant select, insert, update, delete on table public.batch_items to authenticated;
grant all on table public.batch_items to service_role;

create policy "batch items: visible with the batch" on public.batch_items
  for select to authenticated
  using (exists (select 1 from public.batch_jobs b where b.id = batch_id));
create policy "batch items: batch owner adds" on public.batch_items
  for insert to authenticated
  with check (
    (select public.is_admin())
    or ((select public.can_submit())
        and exists (select 1 from public.batch_jobs b where b.id = batch_id and b.owner_id = (select auth.uid()))
        and (molecule_id is null or exists (select 1 from public.molecules m where m.id = molecule_id))
        and (calculation_id is null or exists (
          select 1 from public.calculations c where c.id = calculation_id and c.owner_id = (select auth.uid()))))
  );
create policy "batch items: batch owner updates" on public.batch_items
  for update to authenticated
  using (
    (select public.is_admin())
    or exists (select 1 from public.batch_jobs b where b.id = batch_id and b.owner_id = (select auth.uid()))
  )
  with check (
    (select public.is_admin())
    or (exists (select 1 from public.batch_jobs b where b.id = batch_id and b.owner_id = (select auth.uid()))
        and (molecule_id is null or exists (select 1 from public.molecules m where m.id = molecule_id))
        and (calculation_id is null or exists (
          select 1 from public.calculations c where c.id = calculation_id and c.owner_id = (select auth.uid()))))
  );
create policy "batch items: batch owner deletes" on public.batch_items
  for delete to authenticated
  using (
    (select public.is_admin())
    or exists (select 1 from public.batch_jobs b where b.id = batch_id and b.owner_id = (select auth.uid()))
  );

-- Counters derived from the items on every read; security_invoker so the caller's RLS applies.
create view public.batch_job_progress
with (security_invoker = true)
as
select
  b.id as batch_id,
  count(i.id)::integer as total,
  (count(*) filter (where i.status = 'pending'))::integer as pending,
  (count(*) filter (where i.status = 'invalid'))::integer as invalid,
  (count(*) filter (where i.status = 'queued'))::integer as queued,
  (count(*) filter (where i.status = 'running'))::integer as running,
  (count(*) filter (where i.status = 'succeeded'))::integer as succeeded,
  (count(*) filter (where i.status = 'failed'))::integer as failed,
  (count(*) filter (where i.status = 'cancelled'))::integer as cancelled,
  (count(*) filter (where i.status in ('invalid', 'succeeded', 'failed', 'cancelled')))::integer as done
from public.batch_jobs b
left join public.batch_items i on i.batch_id = b.id
group by b.id;

revoke all on table public.batch_job_progress from anon, authenticated;
grant select on table public.batch_job_progress to authenticated, service_role;
