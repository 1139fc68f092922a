'use client';

// Viewing a result makes it the session's active calculation and puts its molecule first among the
// recent molecules (saved with the session). Renders nothing.
import { useEffect } from 'react';
import { useUiActions, useUiStoreApi } from '@/components/ui-store-provider';

export function RecordResultView({ calculationId, moleculeId }: { calculationId: string; moleculeId: string | null }) {
  const store = useUiStoreApi();
  const { setActiveCalculation, addRecentMolecule } = useUiActions();
  useEffect(() => {
    // After the provider's own effects (they run after this one), which may bring back changes the
    // previous page had not yet saved and would otherwise replace these.
    const timer = setTimeout(() => {
      // Unchanged state is not written again: every write schedules a save.
      const state = store.getState();
      if (state.activeCalculationId !== calculationId) setActiveCalculation(calculationId);
      if (moleculeId && state.recentMolecules[0] !== moleculeId) addRecentMolecule(moleculeId);
    });
    return () => clearTimeout(timer);
  }, [calculationId, moleculeId, store, setActiveCalculation, addRecentMolecule]);
  return null;
}
