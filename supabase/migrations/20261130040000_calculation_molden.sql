-- xtb's Molden file (molden.input, written with --molden by GFN1/GFN2 runs): the geometry, basis set
-- and molecular orbitals, for orbital viewers (Molden, Avogadro, Jmol, Multiwfn). Offered as a
-- download beside the other files. Written by the worker with the results (service role); users get
-- no insert or update grant on it (supabase/tests/column-grants.test.ts). Pages read its size only
-- (octet_length, without detoasting); the text is read for the download.
alter table public.calculations
  add column molden_input text check (molden_input is null or char_length(molden_input) <= 50000000);
