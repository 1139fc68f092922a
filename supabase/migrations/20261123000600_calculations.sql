-- xTB calculations: inputs written by the submitting user (under RLS), results written by the
-- worker through the service role. Energies in Hartree; orbital energies, HOMO, LUMO and gap in eV;
-- dipole in Debye; frequencies in cm^-1; geometries as XYZ text in Angstrom.

create table public.calculations (
  id uuid primary key default gen_random_uuid(),
  molecule_id uuid not null references public.molecules (id),
  batch_id uuid references public.batch_jobs (id) on delete set null,
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  organization_id uuid references public.organizations (id) on delete set null,
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  -- parameters
  method text not null default 'gfn2' check (method in ('gfn2', 'gfn1', 'gfn0', 'gfnff')),
  task text not null default 'sp' check (task in ('sp', 'opt', 'hess', 'ohess')),
  opt_level text check (opt_level in ('crude', 'sloppy', 'loose', 'lax', 'normal', 'tight', 'vtight', 'extreme')),
  solvation_model text check (solvation_model in ('alpb', 'gbsa')),
  solvent text check (solvent is null or solvent ~ '^[a-z0-9][a-z0-9,()\- ]{0,39}$'),
  charge integer not null default 0 check (charge between -20 and 20),
  uhf integer not null default 0 check (uhf between 0 and 50),
  etemp double precision not null default 300 check (etemp > 0 and etemp <= 100000),
  accuracy double precision not null default 1.0 check (accuracy >= 0.0001 and accuracy <= 1000),
  max_scf_iterations integer not null default 250 check (max_scf_iterations between 1 and 10000),
  input_xyz text not null check (char_length(input_xyz) between 1 and 2000000),
  input_hash text not null check (input_hash ~ '^[0-9a-f]{64}$'),
  -- results
  total_energy double precision,
  homo double precision,
  lumo double precision,
  gap double precision check (gap is null or gap >= 0),
  dipole_x double precision,
  dipole_y double precision,
  dipole_z double precision,
  dipole_moment double precision check (dipole_moment is null or dipole_moment >= 0),
  optimized_xyz text,
  orbital_energies double precision[],
  orbital_occupations double precision[],
  frequencies double precision[],
  thermochemistry jsonb check (thermochemistry is null or jsonb_typeof(thermochemistry) = 'object'),
  convergence_status text check (convergence_status in ('converged', 'not_converged', 'scf_not_converged', 'not_applicable')),
  -- execution
  attempts integer not null default 0 check (attempts >= 0),
  queued_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  xtb_version text,
  job_id text,
  cancel_requested boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint calculations_solvent_with_model check ((solvation_model is null) = (solvent is null)),
  constraint calculations_opt_level_for_opt check (opt_level is null or task in ('opt', 'ohess')),
  constraint calculations_gfnff_no_uhf check (method <> 'gfnff' or uhf = 0),
  constraint calculations_orbitals_paired check (
    orbital_occupations is null or orbital_energies is null
    or cardinality(orbital_occupations) = cardinality(orbital_energies)
  ),
  constraint calculations_times_ordered check (finished_at is null or started_at is null or finished_at >= started_at)
);
create index calculations_owner_created_idx on public.calculations (owner_id, created_at desc);
create index calculations_organization_idx on public.calculations (organization_id) where organization_id is not null;
create index calculations_molecule_idx on public.calculations (molecule_id);
create index calculations_batch_idx on public.calculations (batch_id) where batch_id is not null;
create index calculations_status_idx on public.calculations (status, queued_at);
create index calculations_method_idx on public.calculations (method);
create index calculations_total_energy_idx on public.calculations (total_energy);
create index calculations_gap_idx on public.calculations (gap);
create index calculations_input_hash_idx on public.calculations (input_hash);
create index calculations_job_id_idx on public.calculations (job_id) where job_id is not null;

create trigger calculations_set_updated_at before update on public.calculations
  for each row execute function public.set_updated_at();

alter table public.calculations enable row level security;

revoke all on table public.calculations from anon, authenticated;
grant select, delete on table public.calculations to authenticated;
-- A user submits inputs only: status, results and timings can't be forged (the worker writes them).
grant insert (
  id, molecule_id, batch_id, owner_id, organization_id, method, task, opt_level, solvation_model, solvent,
  charge, uhf, etemp, accuracy, max_scf_iterations, input_xyz, input_hash, job_id
) on table public.calculations to authenticated;
grant update (organization_id, cancel_requested) on table public.calculations to authenticated;
grant all on table public.calculations to service_role;

create policy "calculations: owner, team and admins read" on public.calculations
  for select to authenticated
  using (
    owner_id = (select auth.uid())
    or organization_id in (select public.my_organization_ids())
    or (select public.is_admin())
  );
-- Submission: a researcher or admin, for a molecule they can see, into a batch of their own.
create policy "calculations: submitters create their own" on public.calculations
  for insert to authenticated
  with check (
    (select public.can_submit())
    and ((select public.is_admin()) or (owner_id = (select auth.uid()) and public.can_share_with_org(organization_id)))
    and exists (select 1 from public.molecules m where m.id = molecule_id)
    and (batch_id is null or exists (
      select 1 from public.batch_jobs b
      where b.id = batch_id and (b.owner_id = (select auth.uid()) or (select public.is_admin()))
    ))
  );
create policy "calculations: owner and admins update" on public.calculations
  for update to authenticated
  using (owner_id = (select auth.uid()) or (select public.is_admin()))
  with check (
    (select public.is_admin())
    or (owner_id = (select auth.uid()) and public.can_share_with_org(organization_id))
  );
create policy "calculations: owner and admins delete" on public.calculations
  for delete to authenticated
  using (owner_id = (select auth.uid()) or (select public.is_admin()));
