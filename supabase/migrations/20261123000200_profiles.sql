-- One profile per auth.users row: display name and the global role (admin | researcher | viewer).
-- Created by a trigger on auth.users; a user can rename themselves but never change their own role.

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text,
  display_name text check (display_name is null or char_length(display_name) between 1 and 100),
  role text not null default 'researcher' check (role in ('admin', 'researcher', 'viewer')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index profiles_role_idx on public.profiles (role);
create index profiles_email_idx on public.profiles (lower(email));

create trigger profiles_set_updated_at before update on public.profiles
  for each row execute function public.set_updated_at();

-- Role helpers used by policies. security definer so that they read profiles without recursing
-- through its own policies; stable so a statement evaluates them once when wrapped in (select ...).
create or replace function public.current_user_role() returns text
language sql stable security definer
set search_path = ''
as $$
  select p.role from public.profiles p where p.id = (select auth.uid())
$$;

create or replace function public.is_admin() returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce((select p.role = 'admin' from public.profiles p where p.id = (select auth.uid())), false)
$$;

-- Who may create molecules, calculations, batches and teams: researchers and admins, not viewers.
create or replace function public.can_submit() returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce((select p.role in ('admin', 'researcher') from public.profiles p where p.id = (select auth.uid())), false)
$$;

revoke execute on function public.current_user_role(), public.is_admin(), public.can_submit() from public, anon;
grant execute on function public.current_user_role(), public.is_admin(), public.can_submit() to authenticated, service_role;

-- New auth user -> profile. The role is always the default: never taken from user-supplied metadata.
create or replace function public.handle_new_user() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, email, display_name)
  values (
    new.id,
    new.email,
    left(coalesce(
      nullif(btrim(new.raw_user_meta_data ->> 'display_name'), ''),
      nullif(btrim(new.raw_user_meta_data ->> 'full_name'), ''),
      nullif(split_part(coalesce(new.email, ''), '@', 1), '')
    ), 100)
  )
  on conflict (id) do nothing;
  return new;
end;
$$;

create or replace function public.handle_user_email_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  update public.profiles set email = new.email where id = new.id;
  return new;
end;
$$;

revoke execute on function public.handle_new_user(), public.handle_user_email_change() from public, anon, authenticated;

create trigger on_auth_user_created after insert on auth.users
  for each row execute function public.handle_new_user();
create trigger on_auth_user_email_changed after update of email on auth.users
  for each row when (old.email is distinct from new.email)
  execute function public.handle_user_email_change();

-- Only admins (or service/migration connections, which carry no user role) change a role.
create or replace function public.guard_profile_role() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.role is distinct from old.role
     and current_user in ('authenticated', 'anon')
     and not public.is_admin() then
    raise exception 'only an admin can change a role' using errcode = '42501';
  end if;
  if new.id is distinct from old.id and current_user in ('authenticated', 'anon') then
    raise exception 'a profile id cannot change' using errcode = '42501';
  end if;
  return new;
end;
$$;
revoke execute on function public.guard_profile_role() from public, anon;

create trigger profiles_guard_role before update on public.profiles
  for each row execute function public.guard_profile_role();

alter table public.profiles enable row level security;

revoke all on table public.profiles from anon, authenticated;
grant select on table public.profiles to authenticated;
grant update (display_name, role) on table public.profiles to authenticated;
grant all on table public.profiles to service_role;

-- profiles' select policy (including teammates) is added with memberships.
create policy "profiles: update own or admin" on public.profiles
  for update to authenticated
  using (id = (select auth.uid()) or (select public.is_admin()))
  with check (id = (select auth.uid()) or (select public.is_admin()));
