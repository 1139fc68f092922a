-- Screening campaigns. Counters shown to users come from the batch_job_progress view over
-- batch_items (added with the items), never from stored copies.

create table public.batch_jobs (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  organization_id uuid references public.organizations (id) on delete set null,
  name text not null check (char_length(btrim(name)) between 1 and 200),
  description text check (description is null or char_length(description) <= 4000),
  status text not null default 'pending'
    check (status in ('pending', 'validating', 'running', 'completed', 'failed', 'cancelled')),
  parameters jsonb not null default '{}'::jsonb check (jsonb_typeof(parameters) = 'object'),
  source_filename text,
  cancel_requested boolean not null default false,
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint batch_jobs_times_ordered check (finished_at is null or started_at is null or finished_at >= started_at)
);
create index batch_jobs_owner_created_idx on public.batch_jobs (owner_id, created_at desc);
create index batch_jobs_organization_idx on public.batch_jobs (organization_id) where organization_id is not null;
create index batch_jobs_status_idx on public.batch_jobs (status);

create trigger batch_jobs_set_updated_at before update on public.batch_jobs
  for each row execute function public.set_updated_at();

alter table public.batch_jobs enable row level security;

revoke all on table public.batch_jobs from anon, authenticated;
grant select, insert, delete on table public.batch_jobs to authenticated;
-- Status and timestamps belong to the pipeline (service role); users name, share and cancel.
grant update (name, description, organization_id, cancel_requested) on table public.batch_jobs to authenticated;
grant all on table public.batch_jobs to service_role;

create policy "batch jobs: owner, team and admins read" on public.batch_jobs
  for select to authenticated
  using (
    owner_id = (select auth.uid())
    or organization_id in (select public.my_organization_ids())
    or (select public.is_admin())
  );
create policy "batch jobs: submitters create their own" on public.batch_jobs
  for insert to authenticated
  with check (
    (select public.is_admin())
    or (owner_id = (select auth.uid()) and (select public.can_submit()) and public.can_share_with_org(organization_id))
  );
create policy "batch jobs: owner and admins update" on public.batch_jobs
  for update to authenticated
  using (owner_id = (select auth.uid()) or (select public.is_admin()))
  with check (
    (select public.is_admin())
    or (owner_id = (select auth.uid()) and public.can_share_with_org(organization_id))
  );
create policy "batch jobs: owner and admins delete" on public.batch_jobs
  for delete to authenticated
  using (owner_id = (select auth.uid()) or (select public.is_admin()));
