-- Domain events (calculation started/completed/failed, batch started/completed, molecule created/
-- deleted, ...). Written by the app and worker through the service role; read by their user and admins.

create table public.event_logs (
  id bigint generated always as identity primary key,
  user_id uuid references auth.users (id) on delete cascade,
  event_type text not null check (event_type ~ '^[a-z][a-z0-9_.]{1,63}$'),
  entity_type text check (entity_type is null or entity_type ~ '^[a-z][a-z0-9_]{1,63}$'),
  entity_id uuid,
  status text not null default 'info' check (status in ('info', 'success', 'warning', 'error')),
  message text check (message is null or char_length(message) <= 10000),
  context jsonb not null default '{}'::jsonb check (jsonb_typeof(context) = 'object'),
  created_at timestamptz not null default now()
);
create index event_logs_user_created_idx on public.event_logs (user_id, created_at desc, event_type);
create index event_logs_entity_idx on public.event_logs (entity_type, entity_id);
create index event_logs_type_created_idx on public.event_logs (event_type, created_at desc);
create index event_logs_created_idx on public.event_logs (created_at);

alter table public.event_logs enable row level security;

revoke all on table public.event_logs from anon, authenticated;
grant select on table public.event_logs to authenticated;
grant all on table public.event_logs to service_role;

create policy "event logs: own and admins read" on public.event_logs
  for select to authenticated
  using (user_id = (select auth.uid()) or (select public.is_admin()));
