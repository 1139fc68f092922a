-- Users set how each kind of quantity is shown (orbital energies, thermochemistry, dipoles) in
-- Settings; the column exists since 20261129110000_calculation_findings.sql, this lets its owner
-- write it (row-level security still limits every user to their own row).
grant insert (quantity_display) on table public.user_preferences to authenticated;
grant update (quantity_display) on table public.user_preferences to authenticated;
