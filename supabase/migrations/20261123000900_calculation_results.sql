-- What the worker stores per calculation: per-atom properties, execution metrics per attempt, and
-- every failed attempt's error. Written only through the service role; readable with the calculation.

create table public.atomic_properties (
  id bigint generated always as identity primary key,
  calculation_id uuid not null references public.calculations (id) on delete cascade,
  atom_index integer not null check (atom_index >= 0),
  element text not null check (element ~ '^[A-Z][a-z]?$'),
  partial_charge double precision,
  x double precision not null,
  y double precision not null,
  z double precision not null,
  force_x double precision,
  force_y double precision,
  force_z double precision,
  unique (calculation_id, atom_index)
);
create index atomic_properties_element_idx on public.atomic_properties (element);

create table public.calculation_execution_metrics (
  id uuid primary key default gen_random_uuid(),
  calculation_id uuid not null references public.calculations (id) on delete cascade,
  attempt integer not null default 1 check (attempt >= 1),
  worker_id uuid references public.workers (id) on delete set null,
  host text,
  wall_time_s double precision check (wall_time_s is null or wall_time_s >= 0),
  cpu_time_s double precision check (cpu_time_s is null or cpu_time_s >= 0),
  scf_cycles integer check (scf_cycles is null or scf_cycles >= 0),
  optimization_cycles integer check (optimization_cycles is null or optimization_cycles >= 0),
  peak_memory_mb double precision check (peak_memory_mb is null or peak_memory_mb >= 0),
  omp_threads integer check (omp_threads is null or omp_threads >= 1),
  converged boolean,
  final_gradient_norm double precision check (final_gradient_norm is null or final_gradient_norm >= 0),
  exit_code integer,
  signal text,
  stdout text,
  stderr text,
  created_at timestamptz not null default now(),
  unique (calculation_id, attempt)
);
create index calculation_execution_metrics_created_idx on public.calculation_execution_metrics (created_at);
create index calculation_execution_metrics_worker_idx on public.calculation_execution_metrics (worker_id) where worker_id is not null;

create table public.calculation_errors (
  id uuid primary key default gen_random_uuid(),
  calculation_id uuid not null references public.calculations (id) on delete cascade,
  attempt integer not null default 1 check (attempt >= 1),
  error_type text not null check (error_type in ('validation', 'timeout', 'convergence', 'system', 'cancelled', 'unknown')),
  severity text not null default 'error' check (severity in ('info', 'warning', 'error', 'critical')),
  code text check (code is null or code ~ '^[A-Z0-9_]{1,64}$'),
  message text not null check (char_length(message) between 1 and 10000),
  stderr_excerpt text check (stderr_excerpt is null or char_length(stderr_excerpt) <= 20000),
  retry_count integer not null default 0 check (retry_count >= 0),
  retry_history jsonb not null default '[]'::jsonb check (jsonb_typeof(retry_history) = 'array'),
  will_retry boolean not null default false,
  next_retry_at timestamptz,
  user_action_required boolean not null default false,
  resolution text check (resolution is null or char_length(resolution) <= 4000),
  resolved_at timestamptz,
  created_at timestamptz not null default now()
);
create index calculation_errors_calculation_idx on public.calculation_errors (calculation_id, attempt);
create index calculation_errors_type_created_idx on public.calculation_errors (error_type, created_at);

alter table public.atomic_properties enable row level security;
alter table public.calculation_execution_metrics enable row level security;
alter table public.calculation_errors enable row level security;

revoke all on table public.atomic_properties, public.calculation_execution_metrics, public.calculation_errors
  from anon, authenticated;
grant select, delete on table public.atomic_properties, public.calculation_execution_metrics, public.calculation_errors
  to authenticated;
grant all on table public.atomic_properties, public.calculation_execution_metrics, public.calculation_errors
  to service_role;

-- Visible exactly when the calculation is (its own policy decides: owner, team, admin).
create policy "atomic properties: visible with the calculation" on public.atomic_properties
  for select to authenticated
  using (exists (select 1 from public.calculations c where c.id = calculation_id));
create policy "atomic properties: admins delete" on public.atomic_properties
  for delete to authenticated
  using ((select public.is_admin()));

create policy "execution metrics: visible with the calculation" on public.calculation_execution_metrics
  for select to authenticated
  using (exists (select 1 from public.calculations c where c.id = calculation_id));
create policy "execution metrics: admins delete" on public.calculation_execution_metrics
  for delete to authenticated
  using ((select public.is_admin()));

create policy "calculation errors: visible with the calculation" on public.calculation_errors
  for select to authenticated
  using (exists (select 1 from public.calculations c where c.id = calculation_id));
create policy "calculation errors: admins delete" on public.calculation_errors
  for delete to authenticated
  using ((select public.is_admin()));
