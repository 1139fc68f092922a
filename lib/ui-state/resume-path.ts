// Where a user who signs in without a target resumes: the view their saved UI state was on (the
// same account on another browser or device continues where it left off).
import type { UiState } from './ui-state.ts';

export function resumePath(state: Pick<UiState, 'currentView' | 'activeCalculationId'>): string {
  switch (state.currentView) {
    case 'result':
      return state.activeCalculationId ? `/results/${state.activeCalculationId}` : '/results';
    case 'results':
      return '/results';
    case 'batch':
    case 'batches':
      return '/batches';
    case 'dashboard':
      return '/dashboard';
    case 'admin':
      return '/admin';
    case 'settings':
      return '/settings';
    default:
      return '/editor';
  }
}
