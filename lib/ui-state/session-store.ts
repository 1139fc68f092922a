// Data access for `user_sessions`: load, save (ordered by client revision) and clean-up. Every user
// query runs under RLS through asUser; only the clean-up job uses the service role.
import 'server-only';
import { asUser, type JwtClaims, type Queryable } from '../db/as-user.ts';
import { asService } from '../db/service.ts';
import { UserError } from '../errors/user-error.ts';
import { checkUiState, restoreUiState, type UiState, type UiStateProblem } from './ui-state.ts';

/** Sessions idle this long are removed (docs/architecture.md, retention). */
export const SESSION_TTL_DAYS = 7;

/** A save the user's browser got wrong: the action and the beacon route answer it like any UserError. */
export class SessionStateError extends UserError {
  readonly kind: UiStateProblem['kind'];
  constructor(problem: UiStateProblem) {
    super(problem.kind === 'too_large' ? 'PAYLOAD_TOO_LARGE' : 'INVALID_INPUT', problem.message, problem.fieldErrors ?? {});
    this.name = 'SessionStateError';
    this.kind = problem.kind;
  }
}

export interface LoadedUiState {
  /** The stored revision (0 when nothing is saved); the client's next revision must exceed it. */
  revision: number;
  state: UiState;
  updatedAt: string | null;
}

export type SaveUiStateResult =
  /** Stored. */
  | { status: 'saved'; revision: number }
  /** Refused: the stored revision is this one or newer (a late or repeated save); nothing changed. */
  | { status: 'stale'; revision: number };

interface SessionRow {
  revision: number;
  current_view: string | null;
  active_molecule_id: string | null;
  active_calculation_id: string | null;
  active_batch_id: string | null;
  editor_content: unknown;
  sidebar_state: unknown;
  tab_state: unknown;
  filters: unknown;
  ui_preferences: unknown;
  recent_molecules: string[];
  favorite_calculations: string[];
  pinned_batches: string[];
  search_history: string[];
  dismissed_notices: string[];
  drafts: unknown;
  updated_at: Date;
}

export async function loadUiState(claims: JwtClaims): Promise<LoadedUiState> {
  return asUser(claims, (db) => loadUiStateWith(db));
}

/** Reads the caller's saved state (the caller's transaction decides whose: RLS and auth.uid()). */
export async function loadUiStateWith(db: Queryable): Promise<LoadedUiState> {
  const { rows } = await db.query<SessionRow>(
    `select revision, current_view, active_molecule_id, active_calculation_id, active_batch_id, editor_content,
            sidebar_state, tab_state, filters, ui_preferences, recent_molecules, favorite_calculations, pinned_batches,
            search_history, dismissed_notices, drafts, updated_at
       from public.user_sessions
      where user_id = (select auth.uid()) and expires_at > now()`,
  );
  const row = rows[0];
  if (!row) return { revision: 0, state: restoreUiState(null), updatedAt: null };
  return {
    revision: Number(row.revision),
    updatedAt: row.updated_at.toISOString(),
    state: restoreUiState({
      currentView: row.current_view,
      activeMoleculeId: row.active_molecule_id,
      activeCalculationId: row.active_calculation_id,
      activeBatchId: row.active_batch_id,
      editor: row.editor_content,
      sidebar: row.sidebar_state,
      tabs: row.tab_state,
      lists: row.filters,
      ui: row.ui_preferences,
      recentMolecules: row.recent_molecules,
      favouriteCalculations: row.favorite_calculations,
      pinnedBatches: row.pinned_batches,
      searchHistory: row.search_history,
      dismissedNotices: row.dismissed_notices,
      drafts: row.drafts,
    }),
  };
}

/**
 * Saves the caller's state if `revision` is newer than the stored one — decided inside one
 * statement (`on conflict … do update … where revision < new`), so concurrent and out-of-order saves
 * can never put an older state over a newer one. Throws SessionStateError (nothing written) for an
 * oversized or malformed state.
 */
export async function saveUiState(claims: JwtClaims, input: { revision: number; state: unknown }): Promise<SaveUiStateResult> {
  const { revision, state } = validateSave(input);
  return asUser(claims, (db) => saveUiStateWith(db, revision, state));
}

function validateSave(input: { revision: number; state: unknown }): { revision: number; state: UiState } {
  if (!Number.isSafeInteger(input.revision) || input.revision < 1) {
    throw new SessionStateError({ kind: 'malformed', message: 'Session revision must be a positive whole number.' });
  }
  const checked = checkUiState(input.state);
  if (!checked.ok) throw new SessionStateError(checked);
  return { revision: input.revision, state: checked.state };
}

async function saveUiStateWith(db: Queryable, revision: number, s: UiState): Promise<SaveUiStateResult> {
  // Active ids are kept only when the row exists and the user can see it (RLS applies to the
  // sub-selects), so a stale or forged id becomes null instead of failing the save.
  const { rows } = await db.query<{ revision: number }>(
    `insert into public.user_sessions as s (
        user_id, revision, client_updated_at, current_view,
        active_molecule_id, active_calculation_id, active_batch_id,
        editor_content, sidebar_state, tab_state, filters, ui_preferences,
        recent_molecules, favorite_calculations, pinned_batches, search_history, dismissed_notices, drafts,
        last_activity, expires_at)
      values (
        (select auth.uid()), $1, now(), $2,
        (select m.id from public.molecules m where m.id = $3),
        (select c.id from public.calculations c where c.id = $4),
        (select b.id from public.batch_jobs b where b.id = $5),
        $6, $7, $8, $9, $10,
        $11, $12, $13, $14, $15, $16,
        now(), now() + make_interval(days => ${SESSION_TTL_DAYS}))
      on conflict (user_id) do update set
        revision = excluded.revision,
        client_updated_at = excluded.client_updated_at,
        current_view = excluded.current_view,
        active_molecule_id = excluded.active_molecule_id,
        active_calculation_id = excluded.active_calculation_id,
        active_batch_id = excluded.active_batch_id,
        editor_content = excluded.editor_content,
        sidebar_state = excluded.sidebar_state,
        tab_state = excluded.tab_state,
        filters = excluded.filters,
        ui_preferences = excluded.ui_preferences,
        recent_molecules = excluded.recent_molecules,
        favorite_calculations = excluded.favorite_calculations,
        pinned_batches = excluded.pinned_batches,
        search_history = excluded.search_history,
        dismissed_notices = excluded.dismissed_notices,
        drafts = excluded.drafts,
        last_activity = excluded.last_activity,
        expires_at = excluded.expires_at
      where s.revision < excluded.revision
      returning s.revision`,
    [
      revision,
      s.currentView,
      s.activeMoleculeId,
      s.activeCalculationId,
      s.activeBatchId,
      JSON.stringify(s.editor),
      JSON.stringify(s.sidebar),
      JSON.stringify(s.tabs),
      JSON.stringify(s.lists),
      JSON.stringify(s.ui),
      s.recentMolecules,
      s.favouriteCalculations,
      s.pinnedBatches,
      s.searchHistory,
      s.dismissedNotices,
      JSON.stringify(s.drafts),
    ],
  );
  if (rows[0]) return { status: 'saved', revision: Number(rows[0].revision) };
  const current = await db.query<{ revision: number }>('select revision from public.user_sessions where user_id = (select auth.uid())');
  return { status: 'stale', revision: Number(current.rows[0]?.revision ?? 0) };
}

/** Removes sessions past their expiry (7 days without activity). Scheduled by the job queue. */
export async function cleanupExpiredSessions(): Promise<{ deleted: number }> {
  return asService(async (db) => {
    const { rowCount } = await db.query('delete from public.user_sessions where expires_at < now()');
    return { deleted: rowCount ?? 0 };
  });
}
