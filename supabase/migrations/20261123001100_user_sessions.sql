-- One current UI state per user, restored on any device. Saves carry a client revision that only
-- moves forward: an update with a lower revision than the stored one is refused (SQLSTATE QF409), so
-- a late, older save never overwrites a newer one. Sizes are bounded so a malformed or oversized
-- payload is refused and the previous state stays intact.

create table public.user_sessions (
  user_id uuid primary key default auth.uid() references auth.users (id) on delete cascade,
  revision bigint not null default 0 check (revision >= 0),
  client_updated_at timestamptz,
  current_view text check (current_view is null or current_view ~ '^[a-z0-9][a-z0-9_/\-]{0,63}$'),
  active_molecule_id uuid references public.molecules (id) on delete set null,
  active_calculation_id uuid references public.calculations (id) on delete set null,
  active_batch_id uuid references public.batch_jobs (id) on delete set null,
  editor_content jsonb not null default '{}'::jsonb
    check (jsonb_typeof(editor_content) = 'object' and octet_length(editor_content::text) <= 2097152),
  sidebar_state jsonb not null default '{}'::jsonb
    check (jsonb_typeof(sidebar_state) = 'object' and octet_length(sidebar_state::text) <= 65536),
  tab_state jsonb not null default '{}'::jsonb
    check (jsonb_typeof(tab_state) = 'object' and octet_length(tab_state::text) <= 65536),
  filters jsonb not null default '{}'::jsonb
    check (jsonb_typeof(filters) = 'object' and octet_length(filters::text) <= 65536),
  theme text check (theme in ('light', 'dark', 'system')),
  ui_preferences jsonb not null default '{}'::jsonb
    check (jsonb_typeof(ui_preferences) = 'object' and octet_length(ui_preferences::text) <= 65536),
  recent_molecules uuid[] not null default '{}' check (cardinality(recent_molecules) <= 100),
  favorite_calculations uuid[] not null default '{}' check (cardinality(favorite_calculations) <= 1000),
  pinned_batches uuid[] not null default '{}' check (cardinality(pinned_batches) <= 100),
  search_history text[] not null default '{}'
    check (cardinality(search_history) <= 100 and octet_length(array_to_string(search_history, '')) <= 65536),
  dismissed_notices text[] not null default '{}'
    check (cardinality(dismissed_notices) <= 500 and octet_length(array_to_string(dismissed_notices, '')) <= 65536),
  drafts jsonb not null default '[]'::jsonb
    check (jsonb_typeof(drafts) in ('array', 'object') and octet_length(drafts::text) <= 2097152),
  last_activity timestamptz not null default now(),
  expires_at timestamptz not null default (now() + interval '7 days'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index user_sessions_expires_at_idx on public.user_sessions (expires_at);

create or replace function public.guard_user_session_revision() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.revision < old.revision then
    raise exception 'stale session save: revision % is older than stored revision %', new.revision, old.revision
      using errcode = 'QF409';
  end if;
  new.updated_at := now();
  -- Activity extends the session unless the caller set these explicitly.
  if new.last_activity is not distinct from old.last_activity then
    new.last_activity := now();
  end if;
  if new.expires_at is not distinct from old.expires_at then
    new.expires_at := now() + interval '7 days';
  end if;
  return new;
end;
$$;
revoke execute on function public.guard_user_session_revision() from public, anon;

create trigger user_sessions_guard_revision before update on public.user_sessions
  for each row execute function public.guard_user_session_revision();

alter table public.user_sessions enable row level security;

revoke all on table public.user_sessions from anon, authenticated;
grant select, insert, update, delete on table public.user_sessions to authenticated;
grant all on table public.user_sessions to service_role;

-- Strictly private: not even admins read another user's session.
create policy "user sessions: own read" on public.user_sessions
  for select to authenticated using (user_id = (select auth.uid()));
create policy "user sessions: own create" on public.user_sessions
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "user sessions: own update" on public.user_sessions
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
create policy "user sessions: own delete" on public.user_sessions
  for delete to authenticated using (user_id = (select auth.uid()));
