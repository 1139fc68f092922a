-- Provenance of calculations imported from earlier xtb runs (`npm run import`, lib/import): where
-- the run's folder was, which xtb wrote it and how it was called, and a hash of the folder's input
-- and output files. The unique (owner, content hash) key makes a second import of the same folder
-- (or of a copy of it) a no-op. Only the importer writes these rows (service role); whoever may see
-- the calculation may see where it came from. A deleted calculation takes its row along, so the
-- folder can be imported again.
create table public.calculation_imports (
  calculation_id uuid primary key references public.calculations (id) on delete cascade,
  owner_id uuid not null references auth.users (id) on delete cascade,
  -- sha256 over the names and bytes of the files read from the folder.
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  -- Absolute path of the folder on the machine that ran the import, and that machine's name.
  source_path text not null check (char_length(source_path) between 1 and 4096),
  source_host text check (source_host is null or char_length(source_host) <= 255),
  -- The files the import read (input geometry, xtb's log, xtbout.json, ...), relative to the folder.
  source_files text[] not null default '{}',
  -- As xtb printed them ("6.5.1 (unknown)"; "program call : xtb water.xyz --opt"), when it did.
  xtb_version text check (xtb_version is null or char_length(xtb_version) <= 200),
  command_line text check (command_line is null or char_length(command_line) <= 4000),
  imported_at timestamptz not null default now(),
  unique (owner_id, content_hash)
);

alter table public.calculation_imports enable row level security;
revoke all on table public.calculation_imports from anon, authenticated;
grant select on table public.calculation_imports to authenticated;
grant select, insert, update, delete on table public.calculation_imports to service_role;

-- The calculations policy decides (owner, team, admins): the subquery runs under it.
create policy "calculation imports: readable with their calculation" on public.calculation_imports
  for select to authenticated
  using (exists (select 1 from public.calculations c where c.id = calculation_id));
