import { DataTable } from '@/components/ui/data-table';
import type { CalculationDetail } from '@/lib/calculations/get-calculation';
import { formatNumber } from '@/lib/results/format-number';
import { ResultSection } from './result-section';

const COLUMNS = [
  { label: '#' },
  { label: 'Element' },
  ...['Charge (e)', 'x (Å)', 'y (Å)', 'z (Å)', '|Force| (Eh/bohr)'].map((label) => ({ label, numeric: true })),
];

/** Per-atom partial charges, final positions and forces. */
export function AtomTable({ atoms }: { atoms: CalculationDetail['atoms'] }) {
  if (atoms.length === 0) return null;
  return (
    <ResultSection title={`Atoms (${atoms.length})`}>
      {/* The box scrolls, so it takes keyboard focus (arrow keys scroll it). */}
      <div tabIndex={0} className="max-h-[28rem] overflow-auto rounded-md border border-slate-200 dark:border-slate-800">
        <DataTable
          variant="framed"
          testId="atom-table"
          caption="Per-atom partial charges, final positions and forces"
          columns={COLUMNS}
          headClassName="sticky top-0"
          bodyClassName="font-mono tabular-nums"
        >
          {atoms.map((a) => (
            <tr key={a.index}>
              <td className="px-3 py-1">{a.index + 1}</td>
              <td className="px-3 py-1 font-sans">{a.element}</td>
              <td className="px-3 py-1 text-right">{formatNumber(a.charge, 4)}</td>
              <td className="px-3 py-1 text-right">{formatNumber(a.x, 4)}</td>
              <td className="px-3 py-1 text-right">{formatNumber(a.y, 4)}</td>
              <td className="px-3 py-1 text-right">{formatNumber(a.z, 4)}</td>
              <td className="px-3 py-1 text-right">{a.force === null ? '—' : a.force.toExponential(2)}</td>
            </tr>
          ))}
        </DataTable>
      </div>
    </ResultSection>
  );
}
