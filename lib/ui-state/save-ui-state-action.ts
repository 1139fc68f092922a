'use server';
// The auto-save server action. The beacon route (app/api/session/route.ts) does the same for saves
// sent while the page closes.
import { authedAction } from '../actions/safe-action.ts';
import { uiStateSaveSchema } from './ui-state.ts';
import { saveUiState } from './session-store.ts';

/** Saves the caller's UI state if `revision` is newer than the stored one (a refused save is a SessionStateError, a UserError). */
export const saveUiStateAction = authedAction({ schema: uiStateSaveSchema, permission: 'uiState.save' }, ({ revision, state }, user) =>
  saveUiState(user.claims, { revision, state }),
);
