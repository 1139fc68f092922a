-- A calculation records what was submitted for it: its own name, input format and SMILES. The
-- molecule row is shared by every submission with the same identity (InChIKey), keeps the first
-- submission's name and text, and so cannot say what a later calculation was asked to compute:
-- the worker embeds the calculation's own SMILES, and pages show the calculation's own name.

alter table public.calculations
  add column name text check (name is null or (char_length(btrim(name)) between 1 and 200)),
  add column input_format text check (input_format is null or input_format in ('smiles', 'sketch', 'xyz', 'mol', 'sdf')),
  add column input_smiles text check (input_smiles is null or char_length(input_smiles) between 1 and 4000);

-- Earlier calculations: their molecule's name and SMILES were what they were submitted with, or the
-- closest record left of it.
update public.calculations c
   set name = m.name,
       input_format = m.source_format,
       input_smiles = nullif(coalesce(m.input_smiles, m.canonical_smiles), '')
  from public.molecules m
 where m.id = c.molecule_id;

-- Something to compute: coordinates, or a SMILES the worker embeds. (Not re-checked for old rows.)
alter table public.calculations
  add constraint calculations_input_present check (input_xyz is not null or input_smiles is not null) not valid;

grant insert (name, input_format, input_smiles) on table public.calculations to authenticated;
