-- Teams: organizations and memberships (owner | admin | member | viewer). Members read what is shared
-- with their organization; owners and admins of a team manage its roster.

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(btrim(name)) between 1 and 200),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  description text check (description is null or char_length(description) <= 2000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index organizations_created_by_idx on public.organizations (created_by);

create table public.memberships (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'member' check (role in ('owner', 'admin', 'member', 'viewer')),
  invited_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, user_id)
);
create index memberships_user_id_idx on public.memberships (user_id, organization_id);

create trigger organizations_set_updated_at before update on public.organizations
  for each row execute function public.set_updated_at();
create trigger memberships_set_updated_at before update on public.memberships
  for each row execute function public.set_updated_at();

-- Membership helpers (security definer: memberships' own policies call them, no recursion).
create or replace function public.my_organization_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.organization_id from public.memberships m where m.user_id = (select auth.uid())
$$;

create or replace function public.is_org_member(org uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
    where m.organization_id = org and m.user_id = (select auth.uid())
  )
$$;

create or replace function public.has_org_role(org uuid, roles text[]) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
    where m.organization_id = org and m.user_id = (select auth.uid()) and m.role = any (roles)
  )
$$;

-- May the current user share a row with this team? Team owners, admins and members; not team viewers.
create or replace function public.can_share_with_org(org uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select org is null or public.has_org_role(org, array['owner', 'admin', 'member'])
$$;

create or replace function public.shares_org_with(other uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.memberships mine
    join public.memberships theirs on theirs.organization_id = mine.organization_id
    where mine.user_id = (select auth.uid()) and theirs.user_id = other
  )
$$;

revoke execute on function public.my_organization_ids(), public.is_org_member(uuid), public.has_org_role(uuid, text[]),
  public.can_share_with_org(uuid), public.shares_org_with(uuid) from public, anon;
grant execute on function public.my_organization_ids(), public.is_org_member(uuid), public.has_org_role(uuid, text[]),
  public.can_share_with_org(uuid), public.shares_org_with(uuid) to authenticated, service_role;

-- The creator of a team becomes its owner.
create or replace function public.handle_new_organization() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.created_by is not null then
    insert into public.memberships (organization_id, user_id, role)
    values (new.id, new.created_by, 'owner')
    on conflict (organization_id, user_id) do nothing;
  end if;
  return new;
end;
$$;
revoke execute on function public.handle_new_organization() from public, anon, authenticated;

create trigger organizations_add_owner after insert on public.organizations
  for each row execute function public.handle_new_organization();

alter table public.organizations enable row level security;
alter table public.memberships enable row level security;

revoke all on table public.organizations, public.memberships from anon, authenticated;
grant select, insert, delete on table public.organizations to authenticated;
grant update (name, slug, description) on table public.organizations to authenticated;
grant select, insert, delete on table public.memberships to authenticated;
grant update (role) on table public.memberships to authenticated;
grant all on table public.organizations, public.memberships to service_role;

create policy "organizations: members, creator and admins read" on public.organizations
  for select to authenticated
  using (
    id in (select public.my_organization_ids())
    or created_by = (select auth.uid())
    or (select public.is_admin())
  );
create policy "organizations: submitters create as themselves" on public.organizations
  for insert to authenticated
  with check ((created_by = (select auth.uid()) and (select public.can_submit())) or (select public.is_admin()));
create policy "organizations: team owners and admins update" on public.organizations
  for update to authenticated
  using (public.has_org_role(id, array['owner', 'admin']) or (select public.is_admin()))
  with check (public.has_org_role(id, array['owner', 'admin']) or (select public.is_admin()));
create policy "organizations: team owners and admins delete" on public.organizations
  for delete to authenticated
  using (public.has_org_role(id, array['owner']) or (select public.is_admin()));

create policy "memberships: own, teammates and admins read" on public.memberships
  for select to authenticated
  using (
    user_id = (select auth.uid())
    or organization_id in (select public.my_organization_ids())
    or (select public.is_admin())
  );
-- Team admins add people; only a team owner hands out ownership.
create policy "memberships: team owners and admins add" on public.memberships
  for insert to authenticated
  with check (
    (select public.is_admin())
    or (public.has_org_role(organization_id, array['owner', 'admin'])
        and (role <> 'owner' or public.has_org_role(organization_id, array['owner'])))
  );
create policy "memberships: team owners and admins change roles" on public.memberships
  for update to authenticated
  using ((select public.is_admin()) or public.has_org_role(organization_id, array['owner', 'admin']))
  with check (
    (select public.is_admin())
    or (public.has_org_role(organization_id, array['owner', 'admin'])
        and (role <> 'owner' or public.has_org_role(organization_id, array['owner'])))
  );
create policy "memberships: leave, or removed by team owners and admins" on public.memberships
  for delete to authenticated
  using (
    user_id = (select auth.uid())
    or public.has_org_role(organization_id, array['owner', 'admin'])
    or (select public.is_admin())
  );

-- Profiles are readable by their user, teammates (names in shared lists) and admins.
create policy "profiles: own, teammates and admins read" on public.profiles
  for select to authenticated
  using (id = (select auth.uid()) or (select public.is_admin()) or public.shares_org_with(id));
