-- What a chemist needs next to a calculation's numbers (written by the worker with the results):
-- * warnings: the caveats of a successful run as [{ "code", "message" }] (non-stationary geometry
--   for frequencies, saddle point, raised electronic temperature, incomplete output);
-- * dipole_reference: a neutral molecule's dipole is origin-independent; an ion's is stored about
--   its centre of mass (xtb's own is about the coordinate origin);
-- * imaginary_mode_count (xtb's convention: below -20 cm^-1) and stationary_point, when frequencies ran;
-- * vibrational_modes: [{ wavenumberCm1, irIntensityKmMol, reducedMassAmu, imaginary, displacements }];
-- * optimization_trajectory: [{ step, energyEh, gradientNormEhPerBohr }] and trajectory_xyz, the
--   optimisation as multi-frame XYZ (xtbopt.log);
-- * hessian_displaced_xyz: xtb's geometry distorted along the imaginary modes (xtbhess.xyz).
-- HOMO and LUMO keep their columns; the worker now stores them at xtbout.json's 8 decimals.

alter table public.calculations
  add column warnings jsonb not null default '[]'::jsonb
    check (jsonb_typeof(warnings) = 'array' and octet_length(warnings::text) <= 65536),
  add column dipole_reference text check (dipole_reference is null or dipole_reference in ('origin_independent', 'centre_of_mass')),
  add column imaginary_mode_count integer check (imaginary_mode_count is null or imaginary_mode_count >= 0),
  add column stationary_point text check (stationary_point is null or stationary_point in ('minimum', 'saddle_point', 'not_stationary')),
  add column vibrational_modes jsonb check (vibrational_modes is null or jsonb_typeof(vibrational_modes) = 'array'),
  add column optimization_trajectory jsonb check (optimization_trajectory is null or jsonb_typeof(optimization_trajectory) = 'array'),
  add column trajectory_xyz text check (trajectory_xyz is null or char_length(trajectory_xyz) <= 50000000),
  add column hessian_displaced_xyz text check (hessian_displaced_xyz is null or char_length(hessian_displaced_xyz) <= 2000000),
  add constraint calculations_dipole_reference_with_dipole check (dipole_reference is null or dipole_moment is not null);

-- The result list filters on these (a warnings badge, saddle points).
create index calculations_stationary_point_idx on public.calculations (stationary_point) where stationary_point is not null;
create index calculations_with_warnings_idx on public.calculations (owner_id) where warnings <> '[]'::jsonb;

-- Thermochemistry in kJ/mol, and a display setting per kind of quantity:
-- { "totalEnergy" | "orbitalEnergy" | "thermochemistry": { "unit", "precision" }, "dipole": { "precision" } }
-- (lib/units/quantity-display.ts reads it and fills in defaults).
alter table public.user_preferences drop constraint if exists user_preferences_energy_unit_check;
alter table public.user_preferences
  add constraint user_preferences_energy_unit_check check (energy_unit in ('hartree', 'ev', 'kcal_mol', 'kj_mol')),
  add column quantity_display jsonb not null default '{}'::jsonb
    check (jsonb_typeof(quantity_display) = 'object' and octet_length(quantity_display::text) <= 4096);
