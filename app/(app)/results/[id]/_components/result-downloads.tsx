import { availableCalculationFiles, CALCULATION_FILE_LABELS } from '@/lib/calculations/calculation-files';
import type { CalculationDetail } from '@/lib/calculations/get-calculation';
import { ResultSection } from './result-section';

/** Links to every file this calculation has (served by ../download/[file]/route.ts under the user's RLS). */
export function ResultDownloads({ calc }: { calc: CalculationDetail }) {
  const files = availableCalculationFiles(calc);
  return (
    <ResultSection title="Downloads">
      <ul className="flex flex-wrap gap-2 text-sm" data-testid="result-downloads">
        {files.map((file) => (
          <li key={file}>
            <a
              href={`/results/${calc.id}/download/${file}`}
              download
              className="inline-block rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-900"
            >
              {CALCULATION_FILE_LABELS[file]}
            </a>
          </li>
        ))}
      </ul>
    </ResultSection>
  );
}
