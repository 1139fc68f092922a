-- The workers' host samples (performance_metrics, metric_type 'host', one row per metric per worker
-- per minute) rolled up into 15-minute buckets per host, kept in the same statement that writes a
-- sample. The dashboard reads the raw rows for short ranges and these for a day or more, so a month
-- of four hosts is ~46k rollup rows rather than ~700k samples. Written by the service role only,
-- read by admins; retention as the samples (90 days).

create table public.performance_metric_rollups (
  metric_type text not null check (metric_type ~ '^[a-z][a-z0-9_.]{0,49}$'),
  metric_name text not null check (char_length(metric_name) between 1 and 100),
  host text not null check (char_length(host) between 1 and 255),
  bucket timestamptz not null,
  samples integer not null check (samples > 0),
  total double precision not null,
  peak double precision not null,
  primary key (metric_type, metric_name, bucket, host)
);
create index performance_metric_rollups_bucket_idx on public.performance_metric_rollups (bucket);

alter table public.performance_metric_rollups enable row level security;
revoke all on table public.performance_metric_rollups from anon, authenticated;
grant select on table public.performance_metric_rollups to authenticated;
grant all on table public.performance_metric_rollups to service_role;

create policy "performance metric rollups: admins read" on public.performance_metric_rollups
  for select to authenticated using ((select public.is_admin()));
