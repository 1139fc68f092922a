import type { CalculationDetail } from '@/lib/calculations/get-calculation';
import { ContinueFromDistortedButton } from './continue-from-distorted-button';

/** How a frequency run's geometry is to be read, in words. */
export function stationaryPointText(calc: Pick<CalculationDetail, 'stationaryPoint' | 'imaginaryModeCount'>): string | null {
  switch (calc.stationaryPoint) {
    case 'minimum':
      return 'Stationary point: a minimum (no imaginary modes).';
    case 'saddle_point': {
      const n = calc.imaginaryModeCount ?? 0;
      return `Stationary point: a saddle point with ${n} imaginary mode${n === 1 ? '' : 's'}, not a minimum.`;
    }
    case 'not_stationary':
      return 'Not a stationary point: the frequencies were computed at a geometry that is not optimised.';
    default:
      return null;
  }
}

/** The caveats of a successful run, shown above the numbers they qualify, and the stationary point. */
export function ResultFindings({ calc, canSubmit }: { calc: CalculationDetail; canSubmit: boolean }) {
  const stationary = stationaryPointText(calc);
  if (calc.warnings.length === 0 && !stationary && !calc.hessianDisplacedXyz) return null;
  return (
    <div className="space-y-2">
      {stationary && (
        <p
          role="status"
          data-testid="stationary-point"
          className={`rounded-md border px-3 py-2 text-sm ${calc.stationaryPoint === 'minimum' ? 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100' : 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100'}`}
        >
          {stationary}
        </p>
      )}
      {calc.warnings.length > 0 && (
        <div
          role="alert"
          data-testid="result-warnings"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          <p className="font-semibold">Read these results with care</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {calc.warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </div>
      )}
      {calc.hessianDisplacedXyz && canSubmit && <ContinueFromDistortedButton id={calc.id} />}
    </div>
  );
}
