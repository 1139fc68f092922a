-- Worker heartbeats (written by workers through the service role; admins read them on the dashboard).

create table public.workers (
  id uuid primary key default gen_random_uuid(),
  host text not null check (char_length(host) between 1 and 255),
  pid integer not null check (pid > 0),
  concurrency integer not null default 1 check (concurrency between 1 and 1024),
  jobs_running integer not null default 0 check (jobs_running >= 0),
  xtb_version text,
  xtb_path text,
  methods_available text[] not null default '{}'
    check (methods_available <@ array['gfn2', 'gfn1', 'gfn0', 'gfnff']::text[]),
  status text not null default 'running' check (status in ('starting', 'running', 'draining', 'stopped')),
  metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
  started_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  stopped_at timestamptz
);
create index workers_last_seen_idx on public.workers (last_seen_at desc);
create index workers_host_pid_idx on public.workers (host, pid);

alter table public.workers enable row level security;

revoke all on table public.workers from anon, authenticated;
grant select on table public.workers to authenticated;
grant all on table public.workers to service_role;

create policy "workers: admins read" on public.workers
  for select to authenticated
  using ((select public.is_admin()));
