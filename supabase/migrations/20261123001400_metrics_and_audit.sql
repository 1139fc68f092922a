-- Operational records written through the service role and read by admins only: API request
-- metrics, system-wide metrics and the security audit log. The audit log keeps user ids without a
-- foreign key so that it outlives deleted accounts (retention: one year).

create table public.api_usage_logs (
  id bigint generated always as identity primary key,
  user_id uuid references auth.users (id) on delete set null,
  api_key_id uuid references public.api_keys (id) on delete set null,
  endpoint text not null check (char_length(endpoint) between 1 and 500),
  method text not null check (method in ('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS')),
  status_code integer not null check (status_code between 100 and 599),
  response_time_ms double precision not null check (response_time_ms >= 0),
  request_size_bytes integer check (request_size_bytes is null or request_size_bytes >= 0),
  response_size_bytes integer check (response_size_bytes is null or response_size_bytes >= 0),
  error_message text,
  query_parameters jsonb check (query_parameters is null or jsonb_typeof(query_parameters) = 'object'),
  created_at timestamptz not null default now()
);
create index api_usage_logs_created_idx on public.api_usage_logs (created_at desc);
create index api_usage_logs_user_created_idx on public.api_usage_logs (user_id, created_at desc);
create index api_usage_logs_endpoint_created_idx on public.api_usage_logs (endpoint, created_at desc);
create index api_usage_logs_api_key_idx on public.api_usage_logs (api_key_id) where api_key_id is not null;

create table public.performance_metrics (
  id bigint generated always as identity primary key,
  metric_type text not null check (metric_type ~ '^[a-z][a-z0-9_.]{0,49}$'),
  metric_name text not null check (char_length(metric_name) between 1 and 100),
  value double precision not null,
  unit text check (unit is null or char_length(unit) <= 20),
  tags jsonb not null default '{}'::jsonb check (jsonb_typeof(tags) = 'object'),
  recorded_at timestamptz not null default now()
);
create index performance_metrics_name_recorded_idx on public.performance_metrics (metric_type, metric_name, recorded_at desc);
create index performance_metrics_recorded_idx on public.performance_metrics (recorded_at);

create table public.user_audit_log (
  id bigint generated always as identity primary key,
  user_id uuid,
  action text not null check (char_length(action) between 1 and 100),
  entity_type text,
  entity_id text,
  changes jsonb check (changes is null or jsonb_typeof(changes) = 'object'),
  ip_address inet,
  user_agent text check (user_agent is null or char_length(user_agent) <= 1000),
  status text not null default 'success' check (status in ('success', 'denied', 'error')),
  reason text,
  created_at timestamptz not null default now()
);
create index user_audit_log_user_created_idx on public.user_audit_log (user_id, created_at desc);
create index user_audit_log_entity_idx on public.user_audit_log (entity_type, entity_id);
create index user_audit_log_created_idx on public.user_audit_log (created_at);
create index user_audit_log_action_idx on public.user_audit_log (action, created_at desc);

alter table public.api_usage_logs enable row level security;
alter table public.performance_metrics enable row level security;
alter table public.user_audit_log enable row level security;

revoke all on table public.api_usage_logs, public.performance_metrics, public.user_audit_log from anon, authenticated;
grant select on table public.api_usage_logs, public.performance_metrics, public.user_audit_log to authenticated;
grant all on table public.api_usage_logs, public.performance_metrics, public.user_audit_log to service_role;

create policy "api usage logs: admins read" on public.api_usage_logs
  for select to authenticated using ((select public.is_admin()));
create policy "performance metrics: admins read" on public.performance_metrics
  for select to authenticated using ((select public.is_admin()));
create policy "user audit log: admins read" on public.user_audit_log
  for select to authenticated using ((select public.is_admin()));
