-- Sharing with a team: what a shared container makes readable, and what leaving takes back.
-- * A batch shared with a team (batch_jobs.organization_id) shares what is in it: its calculations
--   and the molecules of its items become readable to the team's active members, whatever their own
--   organization_id says. A shared calculation shares its molecule the same way. Without this, a
--   member would see a shared batch's items but get "not found" for each calculation they link to.
-- * Every team role only reads what is shared (viewer, member, admin, owner alike): writing, sharing,
--   unsharing, cancelling and deleting stay with the item's owner (and global admins), as the
--   existing update/delete policies already say. A member who reruns a shared calculation makes a
--   calculation of their own.
-- * Leaving a team, or being removed from it, takes back what one had shared with it: the team keeps
--   nothing of someone who is no longer in it (and a removed member loses access at once, because
--   every helper counts active memberships only).
-- The helpers are security definer so the policies do not recurse through each other; each returns
-- a set the planner hashes once per statement, not a per-row lookup.

create or replace function public.shared_batch_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select b.id from public.batch_jobs b
  where b.organization_id in (select public.my_organization_ids())
$$;

create or replace function public.shared_molecule_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select c.molecule_id from public.calculations c
  where c.organization_id in (select public.my_organization_ids())
  union
  select c.molecule_id from public.calculations c
  where c.batch_id in (select public.shared_batch_ids())
  union
  select i.molecule_id from public.batch_items i
  where i.batch_id in (select public.shared_batch_ids()) and i.molecule_id is not null
$$;

revoke execute on function public.shared_batch_ids(), public.shared_molecule_ids() from public, anon;
grant execute on function public.shared_batch_ids(), public.shared_molecule_ids() to authenticated, service_role;

drop policy "calculations: owner, team and admins read" on public.calculations;
create policy "calculations: owner, team and admins read" on public.calculations
  for select to authenticated
  using (
    owner_id = (select auth.uid())
    or organization_id in (select public.my_organization_ids())
    or batch_id in (select public.shared_batch_ids())
    or (select public.is_admin())
  );

drop policy "molecules: owner, team and admins read" on public.molecules;
create policy "molecules: owner, team and admins read" on public.molecules
  for select to authenticated
  using (
    owner_id = (select auth.uid())
    or organization_id in (select public.my_organization_ids())
    or (select public.is_admin())
    or id in (select public.shared_molecule_ids())
  );

-- Is this row (its team, or its batch's team) shared with the current user? For the "Shared" marker
-- in lists; reading is decided by the policies above, not by this.
create or replace function public.is_shared_with_me(org uuid, batch uuid default null) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select (org is not null and public.is_org_member(org))
      or (batch is not null and exists (
            select 1 from public.batch_jobs b where b.id = batch and b.organization_id is not null and public.is_org_member(b.organization_id)))
$$;
revoke execute on function public.is_shared_with_me(uuid, uuid) from public, anon;
grant execute on function public.is_shared_with_me(uuid, uuid) to authenticated, service_role;

create or replace function public.unshare_on_leaving() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- Not while the account or the team itself is being deleted: their rows go (or lose the team) anyway,
  -- and touching rows the same cascade deletes would fail it.
  if old.status = 'active'
     and exists (select 1 from auth.users u where u.id = old.user_id)
     and exists (select 1 from public.organizations o where o.id = old.organization_id) then
    update public.molecules set organization_id = null where owner_id = old.user_id and organization_id = old.organization_id;
    update public.calculations set organization_id = null where owner_id = old.user_id and organization_id = old.organization_id;
    update public.batch_jobs set organization_id = null where owner_id = old.user_id and organization_id = old.organization_id;
  end if;
  return old;
end;
$$;
revoke execute on function public.unshare_on_leaving() from public, anon, authenticated;

create trigger memberships_unshare_on_leaving after delete on public.memberships
  for each row execute function public.unshare_on_leaving();
