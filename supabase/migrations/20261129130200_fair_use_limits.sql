-- Fair use: per-account limits on calculations waiting or running and on how often work is
-- submitted, enforced by the database so every path (editor, rerun, batches, API) obeys them.
--
-- * usage_limits: one row per limit for every account (user_id null) and optional per-account rows
--   that override it. value null = no limit. Everyone reads the defaults and their own rows; global
--   admins and the service role change them.
-- * An AFTER INSERT statement trigger on calculations checks, per owner of the new queued/running
--   rows, once per statement (a batch of thousands is one check, accepted or refused as a whole):
--     max_active_calculations     (default 20,000: room for a screening batch) queued + running
--                                 calculations, batch ones included;
--                                 SQLSTATE QFQ01, the message says how many more fit.
--     max_submissions_per_minute  (default 60) submissions in the last 60 s, where one submission is
--                                 one transaction (all its rows share created_at = now()), so a whole
--                                 batch counts once; SQLSTATE QFQ02.
--   Both errors carry DETAIL as JSON (limit, counts, retry_after_seconds for QFQ02). Refusal aborts
--   the statement: nothing of it is stored.

create table public.usage_limits (
  id uuid primary key default gen_random_uuid(),
  name text not null check (name in ('max_active_calculations', 'max_submissions_per_minute')),
  user_id uuid references auth.users (id) on delete cascade,
  value integer check (value is null or value >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique nulls not distinct (name, user_id)
);
create index usage_limits_user_id_idx on public.usage_limits (user_id) where user_id is not null;

create trigger usage_limits_set_updated_at before update on public.usage_limits
  for each row execute function public.set_updated_at();

insert into public.usage_limits (name, user_id, value) values
  ('max_active_calculations', null, 20000),
  ('max_submissions_per_minute', null, 60);

alter table public.usage_limits enable row level security;

revoke all on table public.usage_limits from anon, authenticated;
grant select, delete on table public.usage_limits to authenticated;
grant insert (name, user_id, value) on table public.usage_limits to authenticated;
grant update (value) on table public.usage_limits to authenticated;
grant all on table public.usage_limits to service_role;

create policy "usage limits: defaults, own and admins read" on public.usage_limits
  for select to authenticated
  using (user_id is null or user_id = (select auth.uid()) or (select public.is_admin()));
create policy "usage limits: admins create" on public.usage_limits
  for insert to authenticated with check ((select public.is_admin()));
create policy "usage limits: admins update" on public.usage_limits
  for update to authenticated using ((select public.is_admin())) with check ((select public.is_admin()));
create policy "usage limits: admins delete" on public.usage_limits
  for delete to authenticated using ((select public.is_admin()));

-- The limit that applies to an account: its own row, else the default row, else the built-in value.
create or replace function public.usage_limit_for(limit_name text, account uuid) returns integer
language sql stable security definer
set search_path = ''
as $$
  select coalesce(
    (select l.value from public.usage_limits l
      where l.name = limit_name and (l.user_id = account or l.user_id is null)
      order by l.user_id nulls last limit 1),
    case when exists (select 1 from public.usage_limits l
                       where l.name = limit_name and (l.user_id = account or l.user_id is null))
         then null
         else case limit_name when 'max_active_calculations' then 20000 when 'max_submissions_per_minute' then 60 end
    end)
$$;
revoke execute on function public.usage_limit_for(text, uuid) from public, anon, authenticated;
grant execute on function public.usage_limit_for(text, uuid) to service_role;

-- Counting an owner's waiting and running work stays cheap however much history they have.
create index calculations_owner_active_idx on public.calculations (owner_id) where status in ('queued', 'running');

create or replace function public.enforce_calculation_fair_use() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  r record;
  max_active integer;
  max_rate integer;
  active integer;
  existing integer;
  submissions integer;
  oldest timestamptz;
  retry_after integer;
begin
  for r in
    select n.owner_id, count(*)::integer as added
    from new_rows n
    where n.status in ('queued', 'running')
    group by n.owner_id
    order by n.owner_id
  loop
    -- One owner's submissions are checked one at a time (held to commit), so two concurrent
    -- submissions cannot both slip under the limit; other owners are not held up.
    perform pg_advisory_xact_lock(hashtext('public.calculations fair use'), hashtext(r.owner_id::text));

    max_active := public.usage_limit_for('max_active_calculations', r.owner_id);
    if max_active is not null then
      select count(*)::integer into active from public.calculations c
       where c.owner_id = r.owner_id and c.status in ('queued', 'running');
      if active > max_active then
        existing := active - r.added;
        if r.added = 1 and existing = max_active then
          raise exception 'You have % queued or running, the limit for one account; wait for some to finish or cancel some.',
              existing || case when existing = 1 then ' calculation' else ' calculations' end
            using errcode = 'QFQ01',
                  detail = json_build_object('limit', max_active, 'active', existing, 'requested', r.added, 'fits', 0)::text;
        elsif r.added = 1 then
          raise exception 'You have % queued or running and the limit for one account is %; wait for some to finish or cancel some.',
              existing || case when existing = 1 then ' calculation' else ' calculations' end, max_active
            using errcode = 'QFQ01',
                  detail = json_build_object('limit', max_active, 'active', existing, 'requested', r.added, 'fits', 0)::text;
        else
          raise exception 'These % calculations do not fit: you have % queued or running and the limit for one account is %, so % more fit. Submit fewer, wait for some to finish or cancel some.',
              r.added, existing, max_active, greatest(max_active - existing, 0)
            using errcode = 'QFQ01',
                  detail = json_build_object('limit', max_active, 'active', existing, 'requested', r.added,
                                             'fits', greatest(max_active - existing, 0))::text;
        end if;
      end if;
    end if;

    max_rate := public.usage_limit_for('max_submissions_per_minute', r.owner_id);
    if max_rate is not null then
      select count(distinct c.created_at)::integer, min(c.created_at) into submissions, oldest
        from public.calculations c
       where c.owner_id = r.owner_id and c.created_at > now() - interval '60 seconds';
      if submissions > max_rate then
        retry_after := greatest(1, ceil(extract(epoch from (oldest + interval '60 seconds' - now())))::integer);
        raise exception 'You have made % in the last minute, the limit for one account; try again in %.',
            (submissions - 1) || case when submissions - 1 = 1 then ' submission' else ' submissions' end,
            retry_after || case when retry_after = 1 then ' second' else ' seconds' end
          using errcode = 'QFQ02',
                detail = json_build_object('limit', max_rate, 'submissions', submissions - 1, 'window_seconds', 60,
                                           'retry_after_seconds', retry_after)::text;
      end if;
    end if;
  end loop;
  return null;
end;
$$;
revoke execute on function public.enforce_calculation_fair_use() from public, anon, authenticated;

create trigger calculations_fair_use after insert on public.calculations
  referencing new table as new_rows
  for each statement execute function public.enforce_calculation_fair_use();

-- What an account may still submit now: for the editor, batch creation and schedulers. A signed-in
-- user asks about themselves (global admins about anyone); the service role about anyone.
create or replace function public.calculation_allowance(account uuid default null)
returns table (active integer, max_active integer, remaining integer, submissions_last_minute integer,
               max_submissions_per_minute integer)
language plpgsql stable security definer
set search_path = ''
as $$
declare
  who uuid := coalesce(account, (select auth.uid()));
begin
  if coalesce(current_setting('role', true), 'none') in ('authenticated', 'anon')
     and who is distinct from (select auth.uid()) and not (select public.is_admin()) then
    raise exception 'You can see only your own allowance.' using errcode = '42501';
  end if;
  max_active := public.usage_limit_for('max_active_calculations', who);
  max_submissions_per_minute := public.usage_limit_for('max_submissions_per_minute', who);
  select count(*)::integer into active from public.calculations c
   where c.owner_id = who and c.status in ('queued', 'running');
  select count(distinct c.created_at)::integer into submissions_last_minute from public.calculations c
   where c.owner_id = who and c.created_at > now() - interval '60 seconds';
  remaining := case when max_active is null then null else greatest(max_active - active, 0) end;
  return next;
end;
$$;
revoke execute on function public.calculation_allowance(uuid) from public, anon;
grant execute on function public.calculation_allowance(uuid) to authenticated, service_role;
