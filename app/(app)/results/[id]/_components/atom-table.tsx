import type { CalculationDetail } from '@/lib/calculations/get-calculation';
import { formatNumber } from '@/lib/results/format-number';
import { ResultSection } from './result-section';

/** Per-atom partial charges, final positions and forces. */
export function AtomTable({ atoms }: { atoms: CalculationDetail['atoms'] }) {
  if (atoms.length === 0) return null;
  return (
    <ResultSection title={`Atoms (${atoms.length})`}>
      <div tabIndex={0} className="max-h-[28rem] overflow-auto rounded-md border border-slate-200 dark:border-slate-800">
        <table className="min-w-full text-sm" data-testid="atom-table">
          <caption className="sr-only">Per-atom partial charges, final positions and forces</caption>
          <thead className="sticky top-0 bg-slate-50 text-left text-xs font-semibold uppercase text-slate-600 dark:bg-slate-900 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-3 py-2">
                #
              </th>
              <th scope="col" className="px-3 py-2">
                Element
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Charge (e)
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                x (Å)
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                y (Å)
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                z (Å)
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                |Force| (Eh/bohr)
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 font-mono tabular-nums dark:divide-slate-800">
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
          </tbody>
        </table>
      </div>
    </ResultSection>
  );
}
