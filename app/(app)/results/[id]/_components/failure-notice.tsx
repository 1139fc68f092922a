import type { CalculationDetail } from '@/lib/calculations/get-calculation';

/** Why a failed calculation failed, in the worker's classification and words. */
export function FailureNotice({ calc }: { calc: CalculationDetail }) {
  if (calc.status !== 'failed' || !calc.errorMessage) return null;
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
    >
      <span className="font-semibold">{calc.errorType ? `${capitalise(calc.errorType)} error: ` : 'Failed: '}</span>
      {calc.errorMessage}
    </div>
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
