-- Signed-in users (role authenticated) insert and update only the columns they may set; everything
-- the pipeline, the database or the service role owns (job ids, statuses, results, timestamps,
-- counters) is theirs alone. Row-level security still decides WHICH rows; these grants decide WHICH
-- COLUMNS. supabase/tests/column-grants.test.ts holds the same list and fails when a migration widens it.
-- A table-level REVOKE also removes column-level grants, so each table is granted afresh.

-- calculations: job_id was insertable, so a user could point their own row at a teammate's pg-boss
-- job and cancel it. The submission code writes job_id after leaving the user's role.
revoke insert, update on table public.calculations from authenticated;
grant insert (
  id, molecule_id, batch_id, owner_id, organization_id, method, task, opt_level, solvation_model, solvent,
  charge, uhf, etemp, accuracy, max_scf_iterations, input_xyz, input_hash, timeout_seconds, max_opt_cycles,
  name, input_format, input_smiles
) on table public.calculations to authenticated;
grant update (organization_id, cancel_requested) on table public.calculations to authenticated;

revoke insert on table public.organizations from authenticated;
grant insert (id, name, slug, description, created_by) on table public.organizations to authenticated;

-- molecules: identity (InChIKey, geometry, SMILES) is fixed once stored; calculations refer to it.
-- updated_at: the submission's upsert touches it (the updated_at trigger sets it to now() anyway).
revoke insert, update on table public.molecules from authenticated;
grant insert (
  id, owner_id, organization_id, name, input_smiles, canonical_smiles, inchikey, formula, net_charge, atom_count,
  input_xyz, geometry_hash, source_format, metadata
) on table public.molecules to authenticated;
grant update (name, organization_id, metadata, updated_at) on table public.molecules to authenticated;

revoke insert, update on table public.molecule_properties_computed from authenticated;
grant insert (
  molecule_id, molecular_weight, exact_mass, logp, hbd, hba, rotatable_bonds, tpsa, molar_refractivity,
  heavy_atom_count, ring_count, aromatic_ring_count, fraction_csp3, computed_with
) on table public.molecule_properties_computed to authenticated;
grant update (
  molecular_weight, exact_mass, logp, hbd, hba, rotatable_bonds, tpsa, molar_refractivity,
  heavy_atom_count, ring_count, aromatic_ring_count, fraction_csp3, computed_with
) on table public.molecule_properties_computed to authenticated;

-- batch_jobs: status, start and finish times belong to the pipeline (updates were already limited).
revoke insert on table public.batch_jobs from authenticated;
grant insert (id, owner_id, organization_id, name, description, parameters, source_filename)
  on table public.batch_jobs to authenticated;

-- batch_items: the uploader records each item and its validation outcome; an item stays in its batch.
revoke insert, update on table public.batch_items from authenticated;
grant insert (id, batch_id, position, molecule_id, calculation_id, input_name, input_text, status, error_type, error_message,
  source_row, duplicate_rows)
  on table public.batch_items to authenticated;
grant update (molecule_id, calculation_id, status, error_type, error_message) on table public.batch_items to authenticated;

revoke insert, update on table public.user_sessions from authenticated;
grant insert (
  user_id, revision, client_updated_at, current_view, active_molecule_id, active_calculation_id, active_batch_id,
  editor_content, sidebar_state, tab_state, filters, theme, ui_preferences, recent_molecules, favorite_calculations,
  pinned_batches, search_history, dismissed_notices, drafts, last_activity, expires_at
) on table public.user_sessions to authenticated;
grant update (
  revision, client_updated_at, current_view, active_molecule_id, active_calculation_id, active_batch_id,
  editor_content, sidebar_state, tab_state, filters, theme, ui_preferences, recent_molecules, favorite_calculations,
  pinned_batches, search_history, dismissed_notices, drafts, last_activity, expires_at
) on table public.user_sessions to authenticated;

revoke insert, update on table public.user_preferences from authenticated;
grant insert (
  user_id, energy_unit, display_precision, theme, language, calculation_defaults, notify_on_completion,
  notify_on_failure, email_notifications, webhook_enabled, webhook_url_ciphertext
) on table public.user_preferences to authenticated;
grant update (
  energy_unit, display_precision, theme, language, calculation_defaults, notify_on_completion,
  notify_on_failure, email_notifications, webhook_enabled, webhook_url_ciphertext
) on table public.user_preferences to authenticated;

-- api_keys: last use is recorded by the service; revocation goes through revoked_at (update).
revoke insert on table public.api_keys from authenticated;
grant insert (user_id, name, prefix, key_hash, scopes, expires_at) on table public.api_keys to authenticated;

-- batch_uploads: the uploader stages an analysed file; its owner and expiry are the database's.
revoke insert, update on table public.batch_uploads from authenticated;
grant insert (file_name, format, total_rows, invalid_rows, duplicate_rows, charge_default, uhf_default)
  on table public.batch_uploads to authenticated;
