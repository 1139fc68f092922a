import type { CalculationDetail } from '@/lib/calculations/get-calculation';
import { ResultSection } from './result-section';

/** xtb's own output of the latest finished attempt, folded away until asked for. */
export function RawLog({ lastMetrics }: { lastMetrics: CalculationDetail['metrics'][number] | null }) {
  return (
    <ResultSection title="Raw log">
      {lastMetrics?.stdout || lastMetrics?.stderr ? (
        <div className="space-y-2">
          {lastMetrics.stdout && (
            <details>
              <summary className="cursor-pointer text-sm font-medium">xtb output (stdout, attempt {lastMetrics.attempt})</summary>
              <pre className="mt-2 max-h-[32rem] overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100" data-testid="raw-log">
                {lastMetrics.stdout}
              </pre>
            </details>
          )}
          {lastMetrics.stderr && (
            <details>
              <summary className="cursor-pointer text-sm font-medium">stderr</summary>
              <pre className="mt-2 max-h-64 overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{lastMetrics.stderr}</pre>
            </details>
          )}
        </div>
      ) : (
        <p className="text-sm text-slate-500">No output yet.</p>
      )}
    </ResultSection>
  );
}
