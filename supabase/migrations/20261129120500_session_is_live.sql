-- Whether the caller's access token still stands for a live session: its `session_id` exists (a
-- sign-out deletes it), the user is neither banned nor deleted. The app asks once per request, so
-- that sign-out, bans and deletions take effect at once rather than when the token expires.
-- Security definer: the caller may not read auth.sessions itself; it learns one boolean about its
-- own token and nothing else.
create or replace function public.current_session_is_live()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
      from auth.sessions s
      join auth.users u on u.id = s.user_id
     where s.id = nullif((select auth.jwt()) ->> 'session_id', '')::uuid
       and s.user_id = (select auth.uid())
       and (s.not_after is null or s.not_after > now())
       and (u.banned_until is null or u.banned_until <= now())
       and u.deleted_at is null
  )
$$;

revoke all on function public.current_session_is_live() from public, anon;
grant execute on function public.current_session_is_live() to authenticated, service_role;
