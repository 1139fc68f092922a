'use server';
// The auto-save server action. The beacon route (app/api/session/route.ts) does the same for saves
// sent while the page closes.
import { ActionError, authedAction } from '../actions/safe-action.ts';
import { uiStateSaveSchema } from './ui-state.ts';
import { saveUiState, SessionStateError } from './session-store.ts';

/** Saves the caller's UI state if `revision` is newer than the stored one. Every role may save. */
export const saveUiStateAction = authedAction({ schema: uiStateSaveSchema }, async ({ revision, state }, user) => {
  try {
    return await saveUiState(user.claims, { revision, state });
  } catch (error) {
    if (error instanceof SessionStateError) throw new ActionError(error.message);
    throw error;
  }
});
