import type { CalculationDetail } from '@/lib/calculations/get-calculation';
import { formatNumber } from '@/lib/results/format-number';
import { ResultSection } from './result-section';

const COLUMNS = [
  'Attempt',
  'Wall (s)',
  'CPU (s)',
  'SCF cycles',
  'Opt. cycles',
  'Peak memory (MB)',
  'Threads',
  'Converged',
  'Final gradient',
  'Etemp (K)',
  'Exit',
  'Host',
];

/** What each finished attempt cost and how it ended (one row per attempt). */
export function ExecutionMetrics({ metrics }: { metrics: CalculationDetail['metrics'] }) {
  return (
    <ResultSection title="Execution metrics">
      {metrics.length === 0 ? (
        <p className="text-sm text-slate-500">No attempt has finished yet.</p>
      ) : (
        <div tabIndex={0} className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <thead className="text-left text-xs uppercase text-slate-500">
              <tr>
                {COLUMNS.map((h) => (
                  <th key={h} scope="col" className="px-2 py-1">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="font-mono tabular-nums">
              {metrics.map((m) => (
                <tr key={m.attempt} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="px-2 py-1">{m.attempt}</td>
                  <td className="px-2 py-1">{formatNumber(m.wallTimeS, 2)}</td>
                  <td className="px-2 py-1">{formatNumber(m.cpuTimeS, 2)}</td>
                  <td className="px-2 py-1">{m.scfCycles ?? '—'}</td>
                  <td className="px-2 py-1">{m.optimizationCycles ?? '—'}</td>
                  <td className="px-2 py-1">{formatNumber(m.peakMemoryMb, 1)}</td>
                  <td className="px-2 py-1">{m.ompThreads ?? '—'}</td>
                  <td className="px-2 py-1 font-sans">{m.converged === null ? '—' : m.converged ? 'yes' : 'no'}</td>
                  <td className="px-2 py-1">{m.finalGradientNorm === null ? '—' : m.finalGradientNorm.toExponential(2)}</td>
                  <td className="px-2 py-1">{formatNumber(m.etemp, 0)}</td>
                  <td className="px-2 py-1">{m.signal ?? m.exitCode ?? '—'}</td>
                  <td className="px-2 py-1 font-sans">{m.host ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ResultSection>
  );
}
