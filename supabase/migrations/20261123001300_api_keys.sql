-- API keys: only a hash of the key is stored; the prefix identifies a key in lists. Users create,
-- rename and revoke their own keys; a revoked key stays revoked.

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 100),
  prefix text not null unique check (prefix ~ '^[A-Za-z0-9_]{4,32}$'),
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  scopes text[] not null default '{}',
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index api_keys_user_created_idx on public.api_keys (user_id, created_at desc);

create or replace function public.guard_api_key_revocation() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at then
    raise exception 'a revoked API key cannot be reactivated' using errcode = '42501';
  end if;
  return new;
end;
$$;
revoke execute on function public.guard_api_key_revocation() from public, anon;

create trigger api_keys_guard_revocation before update on public.api_keys
  for each row execute function public.guard_api_key_revocation();

alter table public.api_keys enable row level security;

revoke all on table public.api_keys from anon, authenticated;
grant select, insert, delete on table public.api_keys to authenticated;
grant update (name, revoked_at) on table public.api_keys to authenticated;
grant all on table public.api_keys to service_role;

-- Strictly private: not even admins read another user's keys (they can revoke through the service).
create policy "api keys: own read" on public.api_keys
  for select to authenticated using (user_id = (select auth.uid()));
create policy "api keys: own create" on public.api_keys
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "api keys: own update" on public.api_keys
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
create policy "api keys: own delete" on public.api_keys
  for delete to authenticated using (user_id = (select auth.uid()));
