import type { CalculationProvenance } from '@/lib/calculations/calculation-provenance';
import { ResultSection } from './result-section';
import { formatDate } from './result-time';

/** Where an imported calculation came from (`npm run import`): shown only for imported ones. */
export function ImportProvenance({ provenance }: { provenance: CalculationProvenance | undefined }) {
  if (!provenance) return null;
  const { sourcePath, sourceHost, xtbVersion, commandLine, sourceFiles, importedAt } = provenance;
  return (
    <ResultSection title="Imported run">
      <div className="space-y-1 text-sm" data-testid="import-provenance">
        <p>
          Imported from <code className="break-all">{sourcePath}</code>
          {sourceHost ? (
            <>
              {' '}
              on <code>{sourceHost}</code>
            </>
          ) : null}
          {xtbVersion ? `, xtb ${xtbVersion}` : ''}.
        </p>
        {commandLine ? (
          <p>
            Command line: <code className="break-all">{commandLine}</code>
          </p>
        ) : null}
        <p className="text-slate-600 dark:text-slate-400">
          Imported {formatDate(importedAt)} UTC{sourceFiles.length > 0 ? `; files read: ${sourceFiles.join(', ')}` : ''}.
        </p>
      </div>
    </ResultSection>
  );
}
