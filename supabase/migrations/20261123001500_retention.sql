-- Retention (docs/architecture.md): sessions 7 days (their expires_at), metrics 90 days, audit 1 year;
-- calculations are kept. Run by a scheduled job through the service role.

create or replace function public.purge_expired_records() returns table (table_name text, deleted bigint)
language plpgsql security definer
set search_path = ''
as $$
declare
  n bigint;
begin
  delete from public.user_sessions where expires_at < now();
  get diagnostics n = row_count;
  table_name := 'user_sessions'; deleted := n; return next;

  delete from public.performance_metrics where recorded_at < now() - interval '90 days';
  get diagnostics n = row_count;
  table_name := 'performance_metrics'; deleted := n; return next;

  delete from public.api_usage_logs where created_at < now() - interval '90 days';
  get diagnostics n = row_count;
  table_name := 'api_usage_logs'; deleted := n; return next;

  delete from public.user_audit_log where created_at < now() - interval '1 year';
  get diagnostics n = row_count;
  table_name := 'user_audit_log'; deleted := n; return next;
end;
$$;

revoke execute on function public.purge_expired_records() from public, anon, authenticated;
grant execute on function public.purge_expired_records() to service_role;
