import type { CalculationDetail } from '@/lib/calculations/get-calculation';
import { ResultSection } from './result-section';
import { formatDate } from './result-time';

// Words for the user; the stored codes are for operators and the retry policy, not for this page.
const TYPE_WORDS: Record<CalculationDetail['errors'][number]['type'], string> = {
  validation: 'Input or parameters',
  timeout: 'Time limit',
  convergence: 'Did not converge',
  system: 'System problem',
  cancelled: 'Cancelled',
  unknown: 'Unexpected problem',
};
const SEVERITY_WORDS: Record<CalculationDetail['errors'][number]['severity'], string> = {
  info: 'note',
  warning: 'warning',
  error: 'error',
  critical: 'critical error',
};

/** Every failed attempt, oldest first: what went wrong, whether it is retried, what the user can do. */
export function ErrorHistory({ errors }: { errors: CalculationDetail['errors'] }) {
  return (
    <ResultSection title={`Error history${errors.length ? ` (${errors.length})` : ''}`}>
      {errors.length === 0 ? (
        <p className="text-sm text-slate-500">No errors recorded.</p>
      ) : (
        <ol className="space-y-2" data-testid="error-history">
          {errors.map((e) => (
            <li key={e.id} className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">Attempt {e.attempt}</span>
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">{TYPE_WORDS[e.type] ?? 'Unexpected problem'}</span>
                <span className="text-xs text-slate-500">{SEVERITY_WORDS[e.severity] ?? e.severity}</span>
                <span className="ml-auto text-xs text-slate-500">{formatDate(e.createdAt)}</span>
              </div>
              <p className="mt-1">{e.message}</p>
              <p className="mt-1 text-xs text-slate-500">
                {e.willRetry ? `Will retry${e.nextRetryAt ? ` at ${formatDate(e.nextRetryAt)} UTC` : ''}.` : 'Not retried.'}
                {e.userActionRequired ? ' Needs your action: change the input or parameters and rerun.' : ''}
                {e.resolution ? ` Resolution: ${e.resolution}` : ''}
              </p>
              {e.stderrExcerpt && (
                <details className="mt-1">
                  <summary className="cursor-pointer text-xs text-slate-600">stderr excerpt</summary>
                  <pre className="mt-1 max-h-48 overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100">{e.stderrExcerpt}</pre>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
    </ResultSection>
  );
}
