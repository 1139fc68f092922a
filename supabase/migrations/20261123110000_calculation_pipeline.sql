-- What the job pipeline needs on top of the calculation tables.
-- * A SMILES submission has no geometry until the worker embeds it: input_xyz/input_hash stay null
--   until then (and a calculation can only succeed with its geometry recorded).
-- * The electronic temperature actually used (raised after SCF non-convergence), the last error as
--   the page shows it, the per-job time limit, and how the geometry was made.
-- * Per attempt: the etemp and xtb version in the metrics row.

alter table public.calculations alter column input_xyz drop not null;
alter table public.calculations alter column input_hash drop not null;
alter table public.calculations
  add column effective_etemp double precision check (effective_etemp is null or (effective_etemp > 0 and effective_etemp <= 100000)),
  add column max_opt_cycles integer check (max_opt_cycles is null or max_opt_cycles between 1 and 10000),
  add column timeout_seconds integer check (timeout_seconds is null or timeout_seconds between 1 and 86400),
  add column geometry_source text check (geometry_source is null or geometry_source in ('input', 'embedded')),
  add column embedding_ms double precision check (embedding_ms is null or embedding_ms >= 0),
  add column error_type text check (error_type is null or error_type in ('validation', 'timeout', 'convergence', 'system', 'cancelled', 'unknown')),
  add column error_message text check (error_message is null or char_length(error_message) <= 10000),
  add constraint calculations_geometry_when_succeeded check (status <> 'succeeded' or (input_xyz is not null and input_hash is not null));

-- The user sets the time limit and the optimisation cycle limit at submission, like the other inputs.
grant insert (timeout_seconds, max_opt_cycles) on table public.calculations to authenticated;

alter table public.calculation_execution_metrics
  add column etemp double precision check (etemp is null or etemp > 0),
  add column xtb_version text,
  add column embedding_ms double precision check (embedding_ms is null or embedding_ms >= 0);
