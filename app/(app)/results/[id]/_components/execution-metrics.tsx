import { DataTable, rowClassName } from '@/components/ui/data-table';
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
].map((label) => ({ label }));

/** What each finished attempt cost and how it ended (one row per attempt). */
export function ExecutionMetrics({ metrics }: { metrics: CalculationDetail['metrics'] }) {
  return (
    <ResultSection title="Execution metrics">
      {metrics.length === 0 ? (
        <p className="text-sm text-slate-500">No attempt has finished yet.</p>
      ) : (
        <div tabIndex={0} className="overflow-x-auto">
          <DataTable variant="compact" columns={COLUMNS} bodyClassName="font-mono tabular-nums">
            {metrics.map((m) => (
              <tr key={m.attempt} className={rowClassName('compact')}>
                <td className="py-1 pr-2">{m.attempt}</td>
                <td className="py-1 pr-2">{formatNumber(m.wallTimeS, 2)}</td>
                <td className="py-1 pr-2">{formatNumber(m.cpuTimeS, 2)}</td>
                <td className="py-1 pr-2">{m.scfCycles ?? '—'}</td>
                <td className="py-1 pr-2">{m.optimizationCycles ?? '—'}</td>
                <td className="py-1 pr-2">{formatNumber(m.peakMemoryMb, 1)}</td>
                <td className="py-1 pr-2">{m.ompThreads ?? '—'}</td>
                <td className="py-1 pr-2 font-sans">{m.converged === null ? '—' : m.converged ? 'yes' : 'no'}</td>
                <td className="py-1 pr-2">{m.finalGradientNorm === null ? '—' : m.finalGradientNorm.toExponential(2)}</td>
                <td className="py-1 pr-2">{formatNumber(m.etemp, 0)}</td>
                <td className="py-1 pr-2">{m.signal ?? m.exitCode ?? '—'}</td>
                <td className="py-1 pr-2 font-sans">{m.host ?? '—'}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}
    </ResultSection>
  );
}
