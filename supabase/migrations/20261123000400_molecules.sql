-- Molecules and their computed descriptors. Owned by a user, optionally shared with one team.
-- Deduplicated per owner: by InChIKey, or by geometry hash when there is no InChIKey (XYZ input).

create table public.molecules (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  organization_id uuid references public.organizations (id) on delete set null,
  name text not null check (char_length(btrim(name)) between 1 and 200),
  input_smiles text check (input_smiles is null or char_length(input_smiles) <= 4000),
  canonical_smiles text check (canonical_smiles is null or char_length(canonical_smiles) <= 4000),
  inchikey text check (inchikey is null or inchikey ~ '^[A-Z]{14}-[A-Z]{10}-[A-Z]$'),
  formula text check (formula is null or char_length(formula) <= 200),
  net_charge integer not null default 0 check (net_charge between -20 and 20),
  atom_count integer check (atom_count is null or atom_count between 1 and 10000),
  input_xyz text check (input_xyz is null or char_length(input_xyz) <= 2000000),
  geometry_hash text check (geometry_hash is null or geometry_hash ~ '^[0-9a-f]{64}$'),
  source_format text not null default 'smiles' check (source_format in ('smiles', 'sketch', 'xyz', 'mol', 'sdf')),
  metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint molecules_identity_present check (inchikey is not null or geometry_hash is not null)
);
create unique index molecules_owner_inchikey_key on public.molecules (owner_id, inchikey) where inchikey is not null;
create unique index molecules_owner_geometry_key on public.molecules (owner_id, geometry_hash) where inchikey is null;
create index molecules_owner_created_idx on public.molecules (owner_id, created_at desc);
create index molecules_organization_idx on public.molecules (organization_id) where organization_id is not null;
create index molecules_formula_idx on public.molecules (formula);

create trigger molecules_set_updated_at before update on public.molecules
  for each row execute function public.set_updated_at();

create table public.molecule_properties_computed (
  molecule_id uuid primary key references public.molecules (id) on delete cascade,
  molecular_weight double precision check (molecular_weight is null or molecular_weight > 0),
  exact_mass double precision check (exact_mass is null or exact_mass > 0),
  logp double precision,
  hbd integer check (hbd is null or hbd >= 0),
  hba integer check (hba is null or hba >= 0),
  rotatable_bonds integer check (rotatable_bonds is null or rotatable_bonds >= 0),
  tpsa double precision check (tpsa is null or tpsa >= 0),
  molar_refractivity double precision,
  heavy_atom_count integer check (heavy_atom_count is null or heavy_atom_count >= 0),
  ring_count integer check (ring_count is null or ring_count >= 0),
  aromatic_ring_count integer check (aromatic_ring_count is null or aromatic_ring_count >= 0),
  fraction_csp3 double precision check (fraction_csp3 is null or fraction_csp3 between 0 and 1),
  computed_with text,
  computed_at timestamptz not null default now()
);
create index molecule_properties_mw_idx on public.molecule_properties_computed (molecular_weight);
create index molecule_properties_logp_idx on public.molecule_properties_computed (logp);

alter table public.molecules enable row level security;
alter table public.molecule_properties_computed enable row level security;

revoke all on table public.molecules, public.molecule_properties_computed from anon, authenticated;
grant select, insert, update, delete on table public.molecules, public.molecule_properties_computed to authenticated;
grant all on table public.molecules, public.molecule_properties_computed to service_role;

create policy "molecules: owner, team and admins read" on public.molecules
  for select to authenticated
  using (
    owner_id = (select auth.uid())
    or organization_id in (select public.my_organization_ids())
    or (select public.is_admin())
  );
create policy "molecules: submitters create their own" on public.molecules
  for insert to authenticated
  with check (
    (select public.is_admin())
    or (owner_id = (select auth.uid()) and (select public.can_submit()) and public.can_share_with_org(organization_id))
  );
create policy "molecules: owner and admins update" on public.molecules
  for update to authenticated
  using (owner_id = (select auth.uid()) or (select public.is_admin()))
  with check (
    (select public.is_admin())
    or (owner_id = (select auth.uid()) and public.can_share_with_org(organization_id))
  );
create policy "molecules: owner and admins delete" on public.molecules
  for delete to authenticated
  using (owner_id = (select auth.uid()) or (select public.is_admin()));

-- Descriptors follow their molecule: visible with it, written by its owner (computed on creation).
create policy "molecule properties: visible with the molecule" on public.molecule_properties_computed
  for select to authenticated
  using (exists (select 1 from public.molecules m where m.id = molecule_id));
create policy "molecule properties: molecule owner creates" on public.molecule_properties_computed
  for insert to authenticated
  with check (
    (select public.is_admin())
    or ((select public.can_submit())
        and exists (select 1 from public.molecules m where m.id = molecule_id and m.owner_id = (select auth.uid())))
  );
create policy "molecule properties: molecule owner updates" on public.molecule_properties_computed
  for update to authenticated
  using (
    (select public.is_admin())
    or exists (select 1 from public.molecules m where m.id = molecule_id and m.owner_id = (select auth.uid()))
  )
  with check (
    (select public.is_admin())
    or exists (select 1 from public.molecules m where m.id = molecule_id and m.owner_id = (select auth.uid()))
  );
create policy "molecule properties: molecule owner deletes" on public.molecule_properties_computed
  for delete to authenticated
  using (
    (select public.is_admin())
    or exists (select 1 from public.molecules m where m.id = molecule_id and m.owner_id = (select auth.uid()))
  );
