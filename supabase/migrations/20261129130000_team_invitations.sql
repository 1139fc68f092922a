-- Team membership by consent, and owners that stay.
-- * A membership a signed-in user creates is an INVITATION (status 'invited'): the invitee accepts it
--   (status -> 'active') or declines it (deletes the row). Until then the invitee shares nothing with
--   the team and sees nothing of it but the invitation itself (the team's name and who invited them),
--   and the team does not see the invitee's profile. Trusted paths (the seed, the service role) may
--   still add active members directly; rows that predate invitations stay active.
-- * Owners are made, changed and removed only by owners (or global admins); a team admin cannot
--   demote or remove an owner. The last active owner cannot leave or step down (SQLSTATE QFM01).
-- * Every membership helper the policies use counts active memberships only.

alter table public.memberships
  add column status text not null default 'active' check (status in ('invited', 'active'));
create index memberships_organization_status_idx on public.memberships (organization_id, status, role);

create or replace function public.my_organization_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.organization_id from public.memberships m
  where m.user_id = (select auth.uid()) and m.status = 'active'
$$;

create or replace function public.is_org_member(org uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
    where m.organization_id = org and m.user_id = (select auth.uid()) and m.status = 'active'
  )
$$;

create or replace function public.has_org_role(org uuid, roles text[]) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
    where m.organization_id = org and m.user_id = (select auth.uid()) and m.status = 'active' and m.role = any (roles)
  )
$$;

create or replace function public.shares_org_with(other uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.memberships mine
    join public.memberships theirs on theirs.organization_id = mine.organization_id
    where mine.user_id = (select auth.uid()) and mine.status = 'active'
      and theirs.user_id = other and theirs.status = 'active'
  )
$$;

-- Teams that invited the current user (the invitee may read the team's name and description).
create or replace function public.my_invited_organization_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.organization_id from public.memberships m
  where m.user_id = (select auth.uid()) and m.status = 'invited'
$$;
revoke execute on function public.my_invited_organization_ids() from public, anon;
grant execute on function public.my_invited_organization_ids() to authenticated, service_role;

create policy "organizations: invitees read the inviting team" on public.organizations
  for select to authenticated
  using (id in (select public.my_invited_organization_ids()));

-- The invitee turns their own invitation into a membership (the trigger allows nothing else).
create policy "memberships: invitees accept" on public.memberships
  for update to authenticated
  using (user_id = (select auth.uid()) and status = 'invited')
  with check (user_id = (select auth.uid()));

-- The rules no policy can express (they compare the old and new row or count other rows). security
-- definer to count owners and lock the team row whatever the caller sees; the caller's role is the
-- `role` setting (SET ROLE by the app and by Supabase's API), which security definer leaves alone.
create or replace function public.guard_membership() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  by_user boolean := coalesce(current_setting('role', true), 'none') in ('authenticated', 'anon');
  me uuid := (select auth.uid());
  org uuid;
  admin boolean;
  other_owners integer;
begin
  if tg_op = 'INSERT' then
    -- The creator of a team becomes its first, active owner (handle_new_organization); any other
    -- membership a user creates is, whatever they asked for, an invitation from them.
    if by_user and not (
      new.user_id = me and new.role = 'owner'
      and exists (select 1 from public.organizations o where o.id = new.organization_id and o.created_by = me)
      and not exists (select 1 from public.memberships m where m.organization_id = new.organization_id)
    ) then
      new.status := 'invited';
      new.invited_by := me;
    end if;
    return new;
  end if;

  org := old.organization_id;
  -- Serialise owner changes per team, so two owners leaving at once cannot both succeed.
  perform 1 from public.organizations o where o.id = org for update;
  if not found then
    return case when tg_op = 'DELETE' then old else new end; -- the team itself is being deleted
  end if;
  admin := by_user and public.is_admin();

  if tg_op = 'UPDATE' then
    if new.organization_id is distinct from old.organization_id or new.user_id is distinct from old.user_id then
      raise exception 'A membership cannot move to another team or person.' using errcode = '42501';
    end if;
    if by_user and new.status is distinct from old.status
       and not (old.status = 'invited' and new.status = 'active' and old.user_id = me) then
      raise exception 'Only the invited person can accept an invitation.' using errcode = '42501';
    end if;
    if by_user and new.role is distinct from old.role then
      if not (admin or public.has_org_role(org, array['owner', 'admin'])) then
        raise exception 'Only team owners and admins change roles in a team.' using errcode = '42501';
      end if;
      if (old.role = 'owner' or new.role = 'owner') and not (admin or public.has_org_role(org, array['owner'])) then
        raise exception 'Only a team owner can make someone an owner or change an owner''s role.' using errcode = '42501';
      end if;
    end if;
    if old.role = 'owner' and old.status = 'active' and new.role <> 'owner' then
      select count(*) into other_owners from public.memberships m
       where m.organization_id = org and m.role = 'owner' and m.status = 'active' and m.id <> old.id;
      if other_owners = 0 then
        raise exception 'A team keeps at least one owner: make another member owner first.' using errcode = 'QFM01';
      end if;
    end if;
    return new;
  end if;

  -- DELETE: leaving, declining, withdrawing an invitation or removing someone.
  if by_user and old.role = 'owner' and old.user_id is distinct from me
     and not (admin or public.has_org_role(org, array['owner'])) then
    raise exception 'Only a team owner can remove an owner.' using errcode = '42501';
  end if;
  -- An account being deleted leaves its teams (its auth.users row is already gone here).
  if old.role = 'owner' and old.status = 'active' and exists (select 1 from auth.users u where u.id = old.user_id) then
    select count(*) into other_owners from public.memberships m
     where m.organization_id = org and m.role = 'owner' and m.status = 'active' and m.id <> old.id;
    if other_owners = 0 then
      raise exception 'A team keeps at least one owner: make another member owner before leaving, or delete the team.'
        using errcode = 'QFM01';
    end if;
  end if;
  return old;
end;
$$;
revoke execute on function public.guard_membership() from public, anon, authenticated;

create trigger memberships_guard before insert or update or delete on public.memberships
  for each row execute function public.guard_membership();

-- Users write only these columns; status and invited_by are set by the trigger on insert.
revoke insert, update on table public.memberships from authenticated;
grant insert (organization_id, user_id, role) on table public.memberships to authenticated;
grant update (role, status) on table public.memberships to authenticated;

-- Inviting by e-mail: the inviter learns only whether an account uses the address, never the
-- account's profile. Team owners and admins (owners for an owner invitation) or global admins.
-- Refusals: 42501 not allowed, QFM02 no account with that e-mail, QFM03 already in the team or invited.
create or replace function public.invite_to_organization(org uuid, invitee_email text, invitee_role text default 'member')
returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  invitee uuid;
  membership uuid;
begin
  if invitee_role is null or invitee_role not in ('owner', 'admin', 'member', 'viewer') then
    raise exception 'A team role is owner, admin, member or viewer.' using errcode = '22023';
  end if;
  if not ((select public.is_admin()) or public.has_org_role(org, array['owner', 'admin'])) then
    raise exception 'Only team owners and admins invite people to a team.' using errcode = '42501';
  end if;
  if invitee_role = 'owner' and not ((select public.is_admin()) or public.has_org_role(org, array['owner'])) then
    raise exception 'Only a team owner can invite someone as owner.' using errcode = '42501';
  end if;
  select p.id into invitee from public.profiles p where lower(p.email) = lower(btrim(invitee_email)) limit 1;
  if invitee is null then
    raise exception 'No account uses that e-mail address.' using errcode = 'QFM02';
  end if;
  if exists (select 1 from public.memberships m where m.organization_id = org and m.user_id = invitee) then
    raise exception 'That person is already in the team or invited to it.' using errcode = 'QFM03';
  end if;
  insert into public.memberships (organization_id, user_id, role, status, invited_by)
  values (org, invitee, invitee_role, 'invited', (select auth.uid()))
  returning id into membership;
  return membership;
end;
$$;

-- The current user's open invitations, with what deciding needs: the team and who invited them.
create or replace function public.my_invitations()
returns table (membership_id uuid, organization_id uuid, organization_name text, role text,
               invited_by_name text, invited_at timestamptz)
language sql stable security definer
set search_path = ''
as $$
  select m.id, o.id, o.name, m.role, p.display_name, m.created_at
  from public.memberships m
  join public.organizations o on o.id = m.organization_id
  left join public.profiles p on p.id = m.invited_by
  where m.user_id = (select auth.uid()) and m.status = 'invited'
  order by m.created_at desc
$$;

-- A team's open invitations for its owners and admins: the e-mail address they invited, no profile.
create or replace function public.organization_invitations(org uuid)
returns table (membership_id uuid, email text, role text, invited_by uuid, invited_at timestamptz)
language sql stable security definer
set search_path = ''
as $$
  select m.id, p.email, m.role, m.invited_by, m.created_at
  from public.memberships m
  join public.profiles p on p.id = m.user_id
  where m.organization_id = org and m.status = 'invited'
    and ((select public.is_admin()) or public.has_org_role(org, array['owner', 'admin']))
  order by m.created_at desc
$$;

revoke execute on function public.invite_to_organization(uuid, text, text), public.my_invitations(),
  public.organization_invitations(uuid) from public, anon;
grant execute on function public.invite_to_organization(uuid, text, text), public.my_invitations(),
  public.organization_invitations(uuid) to authenticated, service_role;
