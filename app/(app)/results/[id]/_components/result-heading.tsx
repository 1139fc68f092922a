import Link from 'next/link';
import type { CalculationDetail } from '@/lib/calculations/get-calculation';
import { METHOD_LABELS, TASK_LABELS, type Method, type Task } from '@/lib/calculations/parameters';
import { FavouriteButton } from './favourite-button';

/** Back link, molecule name and formula, the favourite toggle, and the one-line method summary. */
export function ResultHeading({ calc }: { calc: CalculationDetail }) {
  return (
    <div>
      <Link href="/results" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
        ← Results
      </Link>
      <div className="mt-1 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">
          <bdi>{calc.name}</bdi>
          {calc.molecule?.formula && calc.molecule.formula !== calc.name && (
            <span className="ml-2 text-base font-normal text-slate-500">{calc.molecule.formula}</span>
          )}
        </h1>
        <FavouriteButton calculationId={calc.id} />
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {METHOD_LABELS[calc.method as Method] ?? calc.method} · {TASK_LABELS[calc.task as Task] ?? calc.task}
        {calc.solvationModel ? ` · ${calc.solvationModel.toUpperCase()} (${calc.solvent})` : ' · gas phase'}
        {(calc.inputSmiles ?? calc.molecule?.smiles) && <span className="ml-2 font-mono text-xs">{calc.inputSmiles ?? calc.molecule?.smiles}</span>}
      </p>
    </div>
  );
}
